import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Economy } from './Economy';
import { Item } from './Item';

/** How many of an item a member owns, and whether it is equipped (badges and backgrounds). */
@Entity({ name: 'economy_inventory' })
@Index('economy_inventory_owner_item', ['guildId', 'economyId', 'itemId'], { unique: true })
@Check('economy_inventory_quantity', 'quantity >= 0')
export class Inventory {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'int' })
  economyId!: number;

  @ManyToOne(() => Economy, { onDelete: 'CASCADE' })
  economy?: Relation<Economy>;

  @Column({ type: 'int' })
  itemId!: number;

  @ManyToOne(() => Item, { onDelete: 'CASCADE' })
  item?: Relation<Item>;

  @Column({ type: 'int', default: 1 })
  quantity!: number;

  @Column({ type: 'boolean', default: false })
  equipped!: boolean;
}
