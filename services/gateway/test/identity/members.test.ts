import { expectProblem, startHarness, type Harness } from '../support/gateway-harness';
import { addMember, createBusiness, signUp, type Person } from './support/people';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const members = (businessId: string) => `/v1/businesses/${businessId}/members`;
const member = (businessId: string, person: Person) => `${members(businessId)}/${person.userId}`;

/** A business with an owner, a manager and a member of staff. */
async function team() {
  const [owner, manager, staff] = await Promise.all([signUp(h, 'owner'), signUp(h, 'manager'), signUp(h, 'staff')]);
  const businessId = await createBusiness(h, owner);
  await addMember(h, businessId, owner, manager, 'manager');
  await addMember(h, businessId, manager, staff, 'staff');
  return { businessId, owner, manager, staff };
}

describe('GET|POST /v1/businesses/:businessId/members', () => {
  test('When owners add a manager and managers add staff, then the list shows everyone with their role', async () => {
    const { businessId, owner, manager, staff } = await team();

    const answer = await h.request('GET', members(businessId), { headers: manager.auth });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: [
        { user_id: owner.userId, email: owner.email, display_name: 'owner', role: 'owner', created_at: expect.any(String) },
        { user_id: manager.userId, email: manager.email, display_name: 'manager', role: 'manager', created_at: expect.any(String) },
        { user_id: staff.userId, email: staff.email, display_name: 'staff', role: 'staff', created_at: expect.any(String) },
      ],
      next_cursor: null,
    });
    const staffMe = await h.request('GET', '/v1/me', { headers: staff.auth });
    expect(staffMe.body.memberships).toEqual([{ business_id: businessId, role: 'staff', created_at: expect.any(String) }]);
  });

  test('When a manager tries to add a manager or an owner, then 403 IDENTITY.FORBIDDEN', async () => {
    const { businessId, manager } = await team();
    const newcomer = await signUp(h, 'newcomer');

    for (const role of ['manager', 'owner']) {
      const answer = await h.request('POST', members(businessId), { headers: manager.auth, body: { email: newcomer.email, role } });
      expectProblem(answer, 403, 'IDENTITY.FORBIDDEN');
    }
  });

  test('When staff list or add members, then 403', async () => {
    const { businessId, staff } = await team();

    expectProblem(await h.request('GET', members(businessId), { headers: staff.auth }), 403, 'IDENTITY.FORBIDDEN');
    expectProblem(
      await h.request('POST', members(businessId), { headers: staff.auth, body: { email: 'x@example.test', role: 'staff' } }),
      403,
      'IDENTITY.FORBIDDEN',
    );
  });

  test('When the email has no account or is already a member, then 422 and 409', async () => {
    const { businessId, owner, staff } = await team();

    expectProblem(
      await h.request('POST', members(businessId), { headers: owner.auth, body: { email: 'nobody@example.test', role: 'staff' } }),
      422,
      'IDENTITY.ACCOUNT_NOT_FOUND',
    );
    expectProblem(
      await h.request('POST', members(businessId), { headers: owner.auth, body: { email: staff.email.toUpperCase(), role: 'manager' } }),
      409,
      'IDENTITY.ALREADY_MEMBER',
    );
  });
});

describe('PATCH|DELETE /v1/businesses/:businessId/members/:userId', () => {
  test('When an owner promotes staff, then they are a manager; managers may not change roles', async () => {
    const { businessId, owner, manager, staff } = await team();

    expectProblem(await h.request('PATCH', member(businessId, staff), { headers: manager.auth, body: { role: 'manager' } }), 403, 'IDENTITY.FORBIDDEN');
    const answer = await h.request('PATCH', member(businessId, staff), { headers: owner.auth, body: { role: 'manager' } });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ user_id: staff.userId, role: 'manager' });
  });

  test('When a manager removes staff, then they are gone; a manager cannot remove the owner', async () => {
    const { businessId, owner, manager, staff } = await team();

    expectProblem(await h.request('DELETE', member(businessId, owner), { headers: manager.auth }), 403, 'IDENTITY.FORBIDDEN');
    expect((await h.request('DELETE', member(businessId, staff), { headers: manager.auth })).status).toBe(204);

    expectProblem(await h.request('GET', `/v1/businesses/${businessId}/bookings/0190a5b4-7c1e-7000-8000-0000000000aa`, { headers: staff.auth }), 404, 'COMMON.NOT_FOUND');
  });

  test('When staff leave on their own, then 204; they cannot remove a colleague', async () => {
    const { businessId, owner, staff } = await team();
    const colleague = await signUp(h, 'colleague');
    await addMember(h, businessId, owner, colleague, 'staff');

    expectProblem(await h.request('DELETE', member(businessId, colleague), { headers: staff.auth }), 403, 'IDENTITY.FORBIDDEN');
    expect((await h.request('DELETE', member(businessId, staff), { headers: staff.auth })).status).toBe(204);
  });

  test('When the last owner would leave or step down, then 422 IDENTITY.LAST_OWNER; with a second owner they may', async () => {
    const { businessId, owner, manager } = await team();

    expectProblem(await h.request('DELETE', member(businessId, owner), { headers: owner.auth }), 422, 'IDENTITY.LAST_OWNER');
    expectProblem(await h.request('PATCH', member(businessId, owner), { headers: owner.auth, body: { role: 'manager' } }), 422, 'IDENTITY.LAST_OWNER');

    expect((await h.request('PATCH', member(businessId, manager), { headers: owner.auth, body: { role: 'owner' } })).status).toBe(200);
    expect((await h.request('DELETE', member(businessId, owner), { headers: owner.auth })).status).toBe(204);
    expectProblem(await h.request('GET', members(businessId), { headers: owner.auth }), 404, 'COMMON.NOT_FOUND');
  });

  test('When two owners demote each other at the same moment, then exactly one succeeds and the business keeps an owner', async () => {
    const { businessId, owner, manager } = await team();
    await h.request('PATCH', member(businessId, manager), { headers: owner.auth, body: { role: 'owner' } });

    const answers = await Promise.all([
      h.request('PATCH', member(businessId, manager), { headers: owner.auth, body: { role: 'staff' } }),
      h.request('PATCH', member(businessId, owner), { headers: manager.auth, body: { role: 'staff' } }),
    ]);

    // The loser is refused either as no longer an owner (403) or as the last owner (422), never both demoted.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect([[200, 403], [200, 422]]).toContainEqual(answers.map((a) => a.status).sort());
    const list = await h.request('GET', members(businessId), { headers: answers[0].status === 200 ? owner.auth : manager.auth });
    expect(list.body.data.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
  });

  test('When an owner names a member of another business, then 404 IDENTITY.MEMBER_NOT_FOUND', async () => {
    const first = await team();
    const second = await team();

    const answer = await h.request('DELETE', member(second.businessId, first.staff), { headers: second.owner.auth });

    expectProblem(answer, 404, 'IDENTITY.MEMBER_NOT_FOUND');
    expect((await h.request('GET', members(first.businessId), { headers: first.owner.auth })).body.data).toHaveLength(3);
  });
});
