import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Economy } from './Economy';
import { moneyTransformer } from './moneyTransformer';

/**
 * The seed's types plus ADMIN (a grant or take by an admin, with `actorId` and the reason). Money appears only
 * through DAILY, WEEKLY, WORK, REWARD, SALE and positive ADMIN rows, and leaves only through PURCHASE and negative
 * ADMIN rows; TRANSFER rows come in pairs that cancel out.
 */
export enum TransactionType {
  PURCHASE = 'PURCHASE',
  SALE = 'SALE',
  REWARD = 'REWARD',
  TRANSFER = 'TRANSFER',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  WORK = 'WORK',
  ADMIN = 'ADMIN',
}

/** One ledger row: a signed change of a member's wallet + bank. Per member, the rows sum to wallet + bank. */
@Entity({ name: 'economy_transaction' })
@Index('economy_transaction_member_newest', ['economyId', 'id'])
// Where money may come from and go to, in the schema: sinks are never positive, sources never negative.
@Check(
  'economy_transaction_direction',
  "(type = 'PURCHASE' AND amount <= 0) OR (type IN ('SALE', 'REWARD', 'DAILY', 'WEEKLY', 'WORK') AND amount >= 0) OR type IN ('TRANSFER', 'ADMIN')",
)
export class Transaction {
  /** bigint: the ledger grows with every command, past what an int sequence holds. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'int' })
  economyId!: number;

  @ManyToOne(() => Economy, { onDelete: 'CASCADE' })
  economy?: Relation<Economy>;

  @Column({ type: 'enum', enum: TransactionType, enumName: 'economy_transaction_type' })
  type!: TransactionType;

  /** Positive when money came in, negative when it went out. */
  @Column({ type: 'bigint', transformer: moneyTransformer })
  amount!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  /** The admin who gave or took money (ADMIN rows). */
  @Column({ type: 'bigint', nullable: true })
  actorId!: string | null;

  /** The other member of a TRANSFER. */
  @Column({ type: 'bigint', nullable: true })
  counterpartyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
