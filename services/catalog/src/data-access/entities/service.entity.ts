import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** bigint columns arrive from pg as strings; amounts stay far below 2^53, so numbers are safe. */
export const bigintAsNumber = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

@Entity({ name: 'services' })
export class ServiceEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'business_id' }) businessId!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('text') category!: string;
  @Column('int', { name: 'duration_minutes' }) durationMinutes!: number;
  @Column('int', { name: 'buffer_before_minutes' }) bufferBeforeMinutes!: number;
  @Column('int', { name: 'buffer_after_minutes' }) bufferAfterMinutes!: number;
  @Column('bigint', { name: 'price_amount', transformer: bigintAsNumber }) priceAmount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('int') capacity!: number;
  @Column('text') prepayment!: 'none' | 'deposit' | 'full';
  @Column('bigint', { name: 'deposit_amount', transformer: bigintAsNumber }) depositAmount!: number;
  @Column('boolean', { name: 'is_active' }) isActive!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' }) deletedAt!: Date | null;
}
