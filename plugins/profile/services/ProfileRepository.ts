import type { DataSource } from 'typeorm';
import { Profile } from '../entities/Profile';

type Editable = Partial<
  Pick<Profile, 'bio' | 'customTitle' | 'accent' | 'birthday' | 'timezone' | 'socials' | 'settings'>
>;

/** The profile table: one row per user, created on the first change. */
export class ProfileRepository {
  public constructor(private readonly dataSource: DataSource) {}

  public find(userId: string): Promise<Profile | null> {
    return this.repository.findOneBy({ userId });
  }

  /** Creates or updates the user's profile in one statement, so two first edits at once cannot both insert. */
  public async upsert(userId: string, values: Editable): Promise<Profile> {
    await this.repository.upsert(
      { userId, ...values },
      { conflictPaths: ['userId'], skipUpdateIfNoValuesChanged: true },
    );
    return (await this.find(userId))!;
  }

  /** Merges keys into a JSON column (socials or settings) atomically: concurrent edits of other keys survive. */
  public async mergeJson(
    userId: string,
    column: 'socials' | 'settings',
    patch: Record<string, unknown>,
    remove: string[],
  ) {
    await this.dataSource.query(
      `INSERT INTO profile (user_id, ${column}) VALUES ($1, $2::jsonb)
       ON CONFLICT (user_id) DO UPDATE SET ${column} = (profile.${column} || $2::jsonb) - $3::text[], updated_at = now()`,
      [userId, JSON.stringify(patch), remove],
    );
    return (await this.find(userId))!;
  }

  private get repository() {
    return this.dataSource.getRepository(Profile);
  }
}
