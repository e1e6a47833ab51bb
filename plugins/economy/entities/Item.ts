import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { moneyTransformer } from './moneyTransformer';

export enum ItemType {
  BADGE = 'BADGE',
  ROLE = 'ROLE',
  BACKGROUND = 'BACKGROUND',
  COLLECTIBLE = 'COLLECTIBLE',
  CONSUMABLE = 'CONSUMABLE',
  SPECIAL = 'SPECIAL',
}

/** An item of a guild's shop. Removing it from the shop keeps it in members' inventories (`forSale` false). */
@Entity({ name: 'economy_item' })
@Index('economy_item_guild_name', ['guildId', 'name'], { unique: true })
@Check('economy_item_price_range', 'price >= 0 AND price <= 1000000000000000')
@Check('economy_item_stock', '(is_limited AND quantity IS NOT NULL AND quantity >= 0) OR (NOT is_limited)')
@Check('economy_item_role', "type <> 'ROLE' OR role_id IS NOT NULL")
@Check(
  'economy_item_background_image',
  "background_image IS NULL OR (type = 'BACKGROUND' AND octet_length(background_image) <= 2097152)",
)
export class Item {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'enum', enum: ItemType, enumName: 'economy_item_type' })
  type!: ItemType;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'bigint', transformer: moneyTransformer })
  price!: number;

  @Column({ type: 'boolean', default: false })
  isLimited!: boolean;

  /** Stock left, for limited items. */
  @Column({ type: 'int', nullable: true })
  quantity!: number | null;

  /** The Discord role a ROLE item grants. */
  @Column({ type: 'bigint', nullable: true })
  roleId!: string | null;

  @Column({ type: 'boolean', default: true })
  forSale!: boolean;

  /**
   * The image an admin uploaded for a BACKGROUND item, re-encoded for the cards (see `prepareBackgroundUpload`);
   * null for an item showing a shipped background. Not loaded unless asked for: only the cards need it.
   */
  @Column({ type: 'bytea', nullable: true, select: false })
  backgroundImage!: Buffer | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
