import { assertKeepsAnOwner, assertMayChange, type MemberRole, type MembershipChange } from '../../src/domain/identity/identity';
import { hashPassword, needsRehash, verifyPassword } from '../../src/domain/identity/passwords';
import { isApiKeyFormat, newApiKey, newRefreshToken, sha256 } from '../../src/domain/identity/secrets';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('Who may change a membership', () => {
  const actor = (role: MemberRole) => ({ userId: 'actor', role });
  const other = (current?: MemberRole) => ({ userId: 'other', current });

  const cases: Array<[MemberRole, MemberRole | undefined, MembershipChange, string]> = [
    ['owner', undefined, 'owner', 'allowed'],
    ['owner', 'manager', 'remove', 'allowed'],
    ['owner', 'owner', 'staff', 'allowed'],
    ['manager', undefined, 'staff', 'allowed'],
    ['manager', 'staff', 'remove', 'allowed'],
    ['manager', undefined, 'manager', 'IDENTITY.FORBIDDEN'],
    ['manager', 'staff', 'manager', 'IDENTITY.FORBIDDEN'],
    ['manager', 'manager', 'remove', 'IDENTITY.FORBIDDEN'],
    ['manager', 'owner', 'remove', 'IDENTITY.FORBIDDEN'],
    ['staff', undefined, 'staff', 'IDENTITY.FORBIDDEN'],
    ['staff', 'staff', 'remove', 'IDENTITY.FORBIDDEN'],
  ];
  test.each(cases.map(([role, current, change, expected]) => [role, !current ? `adds ${change}` : change === 'remove' ? `removes ${current}` : `turns ${current} into ${change}`, expected, current, change] as const))(
    'When the actor is %s and %s, then: %s',
    (role, _what, expected, current, change) => {
      expect(codeOf(() => assertMayChange(actor(role), other(current), change))).toBe(expected);
    },
  );

  test.each<MemberRole>(['owner', 'manager', 'staff'])('When a %s leaves on their own, then it is allowed (the owner rule aside)', (role) => {
    expect(codeOf(() => assertMayChange(actor(role), { userId: 'actor', current: role }, 'remove'))).toBe('allowed');
  });

  test('When the only owner would be removed or demoted, then IDENTITY.LAST_OWNER; another owner or staying owner is fine', () => {
    const alone = [
      { userId: 'o', role: 'owner' as const },
      { userId: 's', role: 'staff' as const },
    ];
    expect(codeOf(() => assertKeepsAnOwner(alone, 'o', 'remove'))).toBe('IDENTITY.LAST_OWNER');
    expect(codeOf(() => assertKeepsAnOwner(alone, 'o', 'manager'))).toBe('IDENTITY.LAST_OWNER');
    expect(codeOf(() => assertKeepsAnOwner(alone, 'o', 'owner'))).toBe('allowed');
    expect(codeOf(() => assertKeepsAnOwner(alone, 's', 'remove'))).toBe('allowed');
    expect(codeOf(() => assertKeepsAnOwner([...alone, { userId: 'p', role: 'owner' }], 'o', 'remove'))).toBe('allowed');
  });
});

describe('Passwords and secrets', () => {
  const cost = { logN: 15, r: 8, p: 1 };

  test('When a password is hashed, then only that password verifies, with a fresh salt each time', async () => {
    const [first, second] = await Promise.all([hashPassword('correct horse battery', cost), hashPassword('correct horse battery', cost)]);

    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse battery!', first)).toBe(false);
    expect(await verifyPassword('anything', 'not a hash')).toBe(false);
  });

  test('When the same password is typed with full-width characters, then it is the same password (NFKC)', async () => {
    expect(await verifyPassword('ｐａｓｓｗｏｒｄ１２３４', await hashPassword('password1234', cost))).toBe(true);
  });

  test('When the configured cost changes, then existing hashes ask to be rehashed', async () => {
    const stored = await hashPassword('correct horse battery', cost);

    expect(needsRehash(stored, cost)).toBe(false);
    expect(needsRehash(stored, { ...cost, logN: 16 })).toBe(true);
  });

  test('When keys and refresh tokens are made, then they carry 256 random bits behind their prefix and are stored as SHA-256', () => {
    const key = newApiKey();
    const token = newRefreshToken();

    expect(isApiKeyFormat(key.secret)).toBe(true);
    expect(key.displayPrefix).toBe(key.secret.slice(0, 12));
    expect(key.hash).toBe(sha256(key.secret));
    expect(token.secret).toMatch(/^omr_[A-Za-z0-9_-]{43}$/);
    expect(newApiKey().secret).not.toBe(key.secret);
  });
});
