import type { DataSource } from 'typeorm';
import type { Member, MemberRole, Membership, MembershipChange } from '../../domain/identity/identity';
import { IdentityErrors } from '../../domain/identity/identity.errors';
import { isUniqueViolation, MEMBERSHIP_COLUMNS, toMember, toMembership, type MemberRow, type MembershipRow } from './identity.rows';

const MEMBER_SELECT = `SELECT ${MEMBERSHIP_COLUMNS}, u.email, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id`;

/** The business's members as they stand, locked for the change being decided. */
export type MembershipDecision = (members: Array<Pick<Membership, 'userId' | 'role'>>) => MembershipChange;

export class MembershipsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(businessId: string, userId: string, role: MemberRole): Promise<void> {
    try {
      await this.dataSource.query(`INSERT INTO memberships (user_id, business_id, role) VALUES ($1, $2, $3)`, [userId, businessId, role]);
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.alreadyMember();
      throw error;
    }
  }

  async roleOf(userId: string, businessId: string): Promise<MemberRole | undefined> {
    const rows: Array<{ role: MemberRole }> = await this.dataSource.query(
      `SELECT role FROM memberships WHERE user_id = $1 AND business_id = $2`,
      [userId, businessId],
    );
    return rows[0]?.role;
  }

  async ofUser(userId: string): Promise<Membership[]> {
    const rows: MembershipRow[] = await this.dataSource.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.user_id = $1 ORDER BY m.created_at, m.business_id`,
      [userId],
    );
    return rows.map(toMembership);
  }

  async members(businessId: string): Promise<Member[]> {
    const rows: MemberRow[] = await this.dataSource.query(`${MEMBER_SELECT} WHERE m.business_id = $1 ORDER BY m.created_at, m.user_id`, [
      businessId,
    ]);
    return rows.map(toMember);
  }

  async member(businessId: string, userId: string): Promise<Member | undefined> {
    const rows: MemberRow[] = await this.dataSource.query(`${MEMBER_SELECT} WHERE m.business_id = $1 AND m.user_id = $2`, [
      businessId,
      userId,
    ]);
    return rows[0] && toMember(rows[0]);
  }

  /**
   * Changes or removes one membership. Every membership row of the business is locked first, so two
   * owners demoting each other at once cannot leave the business without an owner.
   */
  async change(businessId: string, userId: string, decide: MembershipDecision): Promise<MembershipChange> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ user_id: string; role: MemberRole }> = await manager.query(
        `SELECT user_id, role FROM memberships WHERE business_id = $1 ORDER BY user_id FOR UPDATE`,
        [businessId],
      );
      const change = decide(rows.map((row) => ({ userId: row.user_id, role: row.role })));
      if (change === 'remove') {
        await manager.query(`DELETE FROM memberships WHERE business_id = $1 AND user_id = $2`, [businessId, userId]);
      } else {
        await manager.query(`UPDATE memberships SET role = $3, updated_at = now() WHERE business_id = $1 AND user_id = $2`, [
          businessId,
          userId,
          change,
        ]);
      }
      return change;
    });
  }
}
