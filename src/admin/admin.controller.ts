import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Inject, NotFoundException, OnModuleInit, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Public } from '../auth/auth.js';

/**
 * Where the built dashboard is (`npm run admin:build` writes dist/admin). ADMIN_DIST_DIR overrides it (the browser
 * tests build into a directory of their own). A directory counts only with index.html and assets/, so the source
 * folder admin/ is never served.
 */
function findAdminDir(): string | null {
  const here = import.meta.dirname;
  const candidates = [process.env.ADMIN_DIST_DIR, resolve(process.cwd(), 'dist/admin'), resolve(here, '../../admin'), resolve(here, '../../dist/admin')];
  return candidates.find((d): d is string => !!d && existsSync(join(d, 'index.html')) && existsSync(join(d, 'assets'))) ?? null;
}

const ASSET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/**
 * The admin dashboard at /admin: static files built at build time (TypeScript + ECharts bundled by Vite). The page is
 * public — it holds no data; every figure comes from /api/v1 with the bearer token the user signs in with.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminController implements OnModuleInit {
  private dir: string | null = null;

  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    // reply.sendFile only (no routes of its own); the swagger UI registers its own copy without the decorator
    if (!this.host?.httpAdapter) return; // an application context without HTTP (CLI scripts, benchmarks)
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasReplyDecorator('sendFile')) void fastify.register(fastifyStatic, { serve: false, root: process.cwd() });
    // /admin/ → /admin (the browser keeps a #token=… fragment across the redirect)
    fastify.get('/admin/', (_req, reply) => reply.redirect('/admin', 301));
  }

  private root(): string {
    this.dir ??= findAdminDir();
    if (!this.dir) throw new ServiceUnavailableException('The admin dashboard is not built: run npm run build (or npm run admin:build)');
    return this.dir;
  }

  @Get()
  index(@Res() reply: FastifyReply) {
    return this.sendIndex(reply);
  }

  @Get('index.html')
  indexFile(@Res() reply: FastifyReply) {
    return this.sendIndex(reply);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const root = join(this.root(), 'assets');
    if (!ASSET.test(file) || !existsSync(join(root, file))) throw new NotFoundException(`No such file: /admin/assets/${file}`);
    // file names carry a content hash: cache for a year
    return reply.sendFile(file, root, { maxAge: '365d', immutable: true });
  }

  private sendIndex(reply: FastifyReply) {
    const root = this.root();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  }
}
