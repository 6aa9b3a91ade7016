import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { BookingPolicy } from '../../domain/business';

@Entity({ name: 'businesses' })
export class BusinessEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') slug!: string;
  @Column('text', { name: 'display_name_ja' }) displayNameJa!: string;
  @Column('text', { name: 'display_name_en' }) displayNameEn!: string;
  @Column('text') category!: string;
  @Column('text') timezone!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('jsonb') policy!: BookingPolicy;
  @Column('uuid', { name: 'owner_user_id', nullable: true }) ownerUserId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' }) deletedAt!: Date | null;
}
