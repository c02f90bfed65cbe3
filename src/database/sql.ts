/** @deprecated TEMPORARY (issue 11): the read-side folders' import path of the shim's types; deleted with database.module.ts. */
export type { Sql, SqlRunner } from './database.module.js';
