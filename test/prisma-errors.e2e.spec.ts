import { HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { AllExceptionsFilter, databaseCode } from '../src/common/errors.js';
import { Prisma } from '../src/database/prisma.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { TEST_DB } from './support/test-db.js';

/**
 * Database errors reach the one error filter as Prisma raises them under the driver adapters (PrismaClientKnownRequestError
 * P2010 for $queryRaw/$executeRaw with the SQLSTATE in meta, P2002 from the model API) and are answered by their code:
 * data exceptions 400, unique violations and serialization failures / deadlocks 409, a cancelled statement 503.
 */
describe(`Prisma errors map to HTTP statuses (${TEST_DB})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    // a trigger raises the SQLSTATE a clinic's id names ("err-22P02"), inside the intake's own INSERT on its own transaction
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION zz_raise() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        IF NEW.id LIKE 'err-%' THEN RAISE EXCEPTION 'provoked %', NEW.id USING ERRCODE = substr(NEW.id, 5); END IF;
        RETURN NEW;
      END $f$`);
    await t.prisma.$executeRawUnsafe(`CREATE TRIGGER zz_raise BEFORE INSERT ON clinic FOR EACH ROW EXECUTE FUNCTION zz_raise()`);
  });
  afterAll(() => t?.close());

  const post = (id: string) => t.post('/api/v1/ops/intake/clinics', { items: [{ id, name: id, timeZone: 'UTC', hours: {} }] });

  it.each([
    ['22P02', HttpStatus.BAD_REQUEST],
    ['22008', HttpStatus.BAD_REQUEST],
    ['22021', HttpStatus.BAD_REQUEST],
    ['23505', HttpStatus.CONFLICT],
    ['40001', HttpStatus.CONFLICT],
    ['40P01', HttpStatus.CONFLICT],
    ['57014', HttpStatus.SERVICE_UNAVAILABLE],
  ])('a %s raised under POST /intake/clinics answers %i in the error body', async (code, status) => {
    const r = await post(`err-${code}`);
    expect({ code, status: r.status }).toEqual({ code, status });
    expect(r.body).toMatchObject({ statusCode: status, requestId: expect.any(String) });
    expect(r.body.message).not.toMatch(/provoked|Invalid `prisma/); // the filter's own words, not the database's
    // nothing was written (the transaction rolled back)
    expect(await t.sql(`SELECT id FROM clinic WHERE id = $1`, [`err-${code}`])).toEqual([]);
  });

  it('an error the table does not know stays a 500', async () => {
    const r = await post('err-XX000');
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/Internal server error/);
  });

  it('finds the code in the errors Prisma raises, raw queries and the model API alike', async () => {
    const caught = async (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const raw = await caught(t.prisma.$queryRaw`SELECT ${'2026-13-45'}::date AS d`);
    expect(raw).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((raw as Prisma.PrismaClientKnownRequestError).code).toBe('P2010');
    expect(databaseCode(raw)).toBe('22008');

    await t.prisma.clinic.create({ data: { id: 'dup', name: 'dup', timeZone: 'UTC' } });
    const model = await caught(t.prisma.clinic.create({ data: { id: 'dup', name: 'dup', timeZone: 'UTC' } }));
    expect((model as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
    expect(databaseCode(model)).toBe('23505');
    const executed = await caught(t.prisma.$executeRaw`INSERT INTO clinic (id, name, time_zone) VALUES ('dup', 'dup', 'UTC')`);
    expect(databaseCode(executed)).toBe('23505');

    // and the filter answers them: 400 for the date, 409 for the duplicates, whichever API raised them
    const statusOf = (e: unknown) => {
      let status = 0;
      const reply = { sent: false, status: (s: number) => ((status = s), reply), header: () => reply, send: () => reply };
      const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ id: 'r' }) }) } as unknown as ArgumentsHost;
      new AllExceptionsFilter().catch(e, host);
      return status;
    };
    expect([statusOf(raw), statusOf(model), statusOf(executed)]).toEqual([400, 409, 409]);
  });
});
