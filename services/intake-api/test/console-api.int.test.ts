import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, apiFixture, type ApiFixture } from './api-fixture.ts';
const values = (collected: string) => ({
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: collected,
  SAN_WASTE_HARMLESS: '150',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
});
const report = (unit: string) => `report-sanitation-${unit}-2025-03`;

describe('the API the console works with', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await apiFixture();
  });
  afterAll(async () => api?.close());

  describe('signing in', () => {
    const cookiesOf = (setCookie: string[]) =>
      Object.fromEntries(setCookie.map((c) => c.split(';')[0]!.split('=') as [string, string]));

    it('exchanges a token for an httpOnly, SameSite=Strict session and refuses a wrong one', async () => {
      expect((await api.call('POST', '/v1/session', { body: { token: 'not-a-token-at-all' } })).status).toBe(401);
      const signedIn = await api.call('POST', '/v1/session', { body: { token: TOKENS.reporter } });
      expect(signedIn.status).toBe(200);
      expect(signedIn.json.principal).toMatchObject({
        id: 'dongcheng-reporter',
        role: 'reporter',
        unit: '110101000000',
        unitName: '东城区',
      });
      const setCookie = signedIn.headers.getSetCookie();
      expect(setCookie.find((c) => c.startsWith('statledger_session='))).toMatch(/HttpOnly/i);
      expect(setCookie.every((c) => /SameSite=Strict/i.test(c))).toBe(true);
      expect(setCookie.find((c) => c.startsWith('statledger_csrf='))).not.toMatch(/HttpOnly/i);
      expect(signedIn.text).not.toContain(TOKENS.reporter);
    });

    it('takes the cookie for reading, and for a change only with the CSRF token in a header; signs out', async () => {
      const signedIn = await api.call('POST', '/v1/session', { body: { token: TOKENS.reporter } });
      const cookies = cookiesOf(signedIn.headers.getSetCookie());
      const cookie = `statledger_session=${cookies.statledger_session}; statledger_csrf=${cookies.statledger_csrf}`;
      expect((await api.call('GET', '/v1/session', { headers: { cookie } })).json.principal.id).toBe(
        'dongcheng-reporter',
      );
      const body = { form: 'sanitation', unitCode: '110101001001', period: '2025-02', values: values('180') };
      const forged = await api.call('POST', '/v1/reports', { body, headers: { cookie } });
      expect([forged.status, forged.json.error]).toEqual([403, 'forbidden']);
      const wrong = await api.call('POST', '/v1/reports', { body, headers: { cookie, 'x-csrf-token': 'guessed' } });
      expect(wrong.status).toBe(403);
      const made = await api.call('POST', '/v1/reports', {
        body,
        headers: { cookie, 'x-csrf-token': cookies.statledger_csrf! },
      });
      expect(made.status).toBe(201);
      const out = await api.call('DELETE', '/v1/session', {
        headers: { cookie, 'x-csrf-token': cookies.statledger_csrf! },
      });
      expect(out.headers.getSetCookie().every((c) => /statledger_(session|csrf)=;/.test(c))).toBe(true);
      expect(
        (await api.call('GET', '/v1/session', { headers: { cookie: 'statledger_session=forged.1.2.3' } })).status,
      ).toBe(401);
      expect((await api.call('GET', '/v1/session')).json).toEqual({ principal: null });
    });
  });

  it('gives the forms with their indicators, and the units a principal may see', async () => {
    const forms = await api.call('GET', '/v1/forms', { token: TOKENS.reporter });
    const sanitation = forms.json.forms.find((f: { code: string }) => f.code === 'sanitation');
    expect(sanitation.indicators.map((i: { code: string }) => i.code)).toContain('SAN_WASTE_COLLECTED');
    const units = await api.call('GET', '/v1/units?under=110101001', { token: TOKENS.reporter });
    expect(units.json.unit).toMatchObject({ code: '110101001000', name: '东华门街道', tier: 'subdistrict' });
    expect(units.json.children.map((c: { code: string }) => c.code)).toContain('110101001001');
    expect((await api.call('GET', '/v1/units?under=110102', { token: TOKENS.reporter })).status).toBe(403);
  });

  it("lists a township's month: each village's report status, and what changed since it was submitted", async () => {
    for (const [unit, collected] of [
      ['110101001001', '186.4'],
      ['110101001002', '152.9'],
    ]) {
      const made = await api.call('POST', '/v1/reports', {
        token: TOKENS.reporter,
        body: { form: 'sanitation', unitCode: unit, period: '2025-03', values: values(collected!) },
      });
      expect(made.status).toBe(201);
    }
    await api.call('POST', `/v1/reports/${report('110101001002')}/return`, {
      token: TOKENS.approver,
      body: { comment: '请核实清运量', expectedRevision: 0 },
    });
    await api.call('POST', `/v1/reports/${report('110101001002')}/corrections`, {
      token: TOKENS.reporter,
      body: { values: { SAN_WASTE_COLLECTED: '125.9' }, reason: '过磅单更正', expectedRevision: 1 },
    });
    const list = await api.call('GET', '/v1/reports?form=sanitation&period=2025-03&under=110101001', {
      token: TOKENS.approver,
    });
    const byUnit = Object.fromEntries(
      list.json.items.map((i: { unit: string; status: string; revision: number | null }) => [
        i.unit,
        [i.status, i.revision],
      ]),
    );
    expect(byUnit).toMatchObject({
      '110101001001': ['submitted', 0],
      '110101001002': ['submitted', 2],
      '110101001005': ['overdue', null],
    });
    expect(list.json.items.find((i: { unit: string }) => i.unit === '110101001001').name).toBe('多福巷社区居委会');
    const changes = await api.call('GET', `/v1/reports/${report('110101001002')}/changes`, { token: TOKENS.approver });
    expect(changes.json).toMatchObject({
      baseline: 'submitted',
      correctionsSince: 1,
      revision: 2,
      changes: [{ indicator: 'SAN_WASTE_COLLECTED', before: '152.9', now: '125.9' }],
    });
    expect(
      (await api.call('GET', '/v1/reports?form=sanitation&period=2025-03&under=110102', { token: TOKENS.reporter }))
        .status,
    ).toBe(403);
  });

  it("gives a district's digit profile for the charts, and the city's bulletin as a page or CSV", async () => {
    const digits = await api.call('GET', '/v1/quality/digits?unit=110101&period=2025-03&form=sanitation', {
      token: TOKENS.auditor,
    });
    expect(digits.json.window).toBe('2025-Q1');
    const collected = digits.json.indicators.find((i: { indicator: string }) => i.indicator === 'SAN_WASTE_COLLECTED');
    expect(collected.firstDigits.counts.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect(
      (
        await api.call('GET', '/v1/quality/digits?unit=110101001&period=2025-03&form=sanitation', {
          token: TOKENS.auditor,
        })
      ).status,
    ).toBe(400);
    const page = await api.call('GET', '/v1/bulletin?city=1101&period=2025-Q1', { token: TOKENS.auditor });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('统计公报');
    const csv = await api.call('GET', '/v1/bulletin?city=1101&period=2025-Q1&format=csv', { token: TOKENS.auditor });
    expect(csv.text.split('\n')[0]).toContain('indicatorName');
    expect(
      (await api.call('GET', '/v1/bulletin?city=1101&period=2025-03', { token: TOKENS.auditor })).json.issues[0].path,
    ).toEqual(['period']);
  });
});
