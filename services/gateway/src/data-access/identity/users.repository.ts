import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Locale, User } from '../../domain/identity/identity';
import { IdentityErrors } from '../../domain/identity/identity.errors';
import { isUniqueViolation, toUser, USER_COLUMNS, type UserRow } from './identity.rows';

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName: string;
  locale: Locale;
}

export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewUser): Promise<User> {
    try {
      const rows: UserRow[] = await this.dataSource.query(
        `INSERT INTO users (id, email, password_hash, display_name, locale) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
        [randomUUID(), input.email, input.passwordHash, input.displayName, input.locale],
      );
      return toUser(rows[0] as UserRow);
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.emailTaken();
      throw error;
    }
  }

  async find(userId: string): Promise<User | undefined> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [userId]);
    return rows[0] && toUser(rows[0]);
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
    return rows[0] && toUser(rows[0]);
  }

  async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const rows: Array<UserRow & { password_hash: string }> = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    const row = rows[0];
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, passwordHash]);
  }
}
