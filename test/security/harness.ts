import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { readerPage } from '../../src/core/readerHtml';

/**
 * The reader page, served the way VS Code serves it, in headless Chromium:
 * - the page comes from one origin (VS Code: `vscode-webview://<id>`), its resources from another
 *   (VS Code: `webview.cspSource`, `https://file+.vscode-resource.vscode-cdn.net`);
 * - the resource server answers only under `media/` and `dist/webview/`, like the reader's
 *   `localResourceRoots`, and 404s everything else;
 * - a third origin (a canary server on another local port) stands for "anywhere else" and records
 *   every request that reaches it;
 * - `acquireVsCodeApi` is a stub that records every message the page posts.
 */

export const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The same Chromium flags as the real-editor suites (test/chromium-flags.json). */
export const CHROMIUM_FLAGS = JSON.parse(readFileSync(join(ROOT, 'test', 'chromium-flags.json'), 'utf8')) as string[];

/** What the reader is allowed to fetch: exactly its stylesheet and its script. */
export const READER_RESOURCES = ['/media/reader.css', '/dist/webview/reader.js'];
const RESOURCE_ROOTS = ['media', join('dist', 'webview')].map((r) => join(ROOT, r) + sep);

export interface Servers {
  pageOrigin: string;
  resourceOrigin: string;
  canaryOrigin: string;
  /** Paths requested from the canary server (must stay empty). */
  canaryHits: string[];
  /** Paths requested from the resource server, with the status it answered. */
  resourceHits: { path: string; status: number }[];
  pages: Map<string, string>;
  close(): Promise<void>;
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.svg': 'image/svg+xml' };

export async function startServers(): Promise<Servers> {
  const pages = new Map<string, string>();
  const canaryHits: string[] = [];
  const resourceHits: { path: string; status: number }[] = [];

  const page = await listen((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'not found');
  });
  const resource = await listen((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(ROOT, path));
    const inRoots = RESOURCE_ROOTS.some((r) => file.startsWith(r));
    const status = inRoots && existsSync(file) ? 200 : 404;
    resourceHits.push({ path, status });
    if (status !== 200) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(file));
  });
  const canary = await listen((req, res) => {
    canaryHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
  });
  const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
  return {
    pageOrigin: page.origin,
    resourceOrigin: resource.origin,
    canaryOrigin: canary.origin,
    canaryHits,
    resourceHits,
    pages,
    close: async () => {
      await Promise.all([close(page.server), close(resource.server), close(canary.server)]);
    },
  };
}

/** The real reader page around `articleHtml`, with a fresh nonce and the resource origin as CSP source. */
export function readerDocument(servers: Servers, articleHtml: string, noteId: string, title: string): string {
  return readerPage({
    nonce: randomBytes(18).toString('base64'),
    cspSource: servers.resourceOrigin,
    styleUri: `${servers.resourceOrigin}/media/reader.css`,
    scriptUri: `${servers.resourceOrigin}/dist/webview/reader.js`,
    articleHtml,
    noteId,
    title,
    state: { current: { noteId, section: '' } },
  });
}

/** Installed before any page script: the VS Code API stub, the canary, and a CSP violation log. */
const INIT_SCRIPT = `(() => {
  // tsx (esbuild keepNames) wraps functions in __name(); the probes passed to page.evaluate need it.
  window.__name = (f) => f;
  const report = (what) => { try { window.__report(String(what)); } catch (e) { /* the binding is gone while navigating */ } };
  Object.defineProperty(window, '__pwned', { value: (x) => report('__pwned(' + x + ')'), configurable: false, writable: false });
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || '(inline)')), true);
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    setState: (s) => { state = s; },
  });
})();`;

export interface Observation {
  /** Canary calls, dialogs: any of these means a script ran. */
  scripts: string[];
  /**
   * Requests that left for anything but the page itself and the reader's two resources: sent,
   * answered, or failed for any reason but the CSP (a DNS failure still means it left).
   */
  leaks: string[];
  /** Requests Chromium reported and then refused because of the CSP (net::ERR_BLOCKED_BY_CSP). */
  blockedByCsp: string[];
  /** file: requests Chromium refused on its own (an http page may never read local files). */
  blockedByBrowser: string[];
  /** Navigations of the page and windows it opened. */
  navigations: string[];
  /** Messages the page posted to the extension. */
  posted: unknown[];
  /** CSP violations the page reported (the CSP stopping something). */
  csp: string[];
  /** Uncaught errors in the page (not failures by themselves). */
  errors: string[];
  /** Attributes of elements in the note that can load, link or run: [tag, attribute, value]. */
  attributes: [string, string, string][];
  /** Tag names inside the note. */
  tags: string[];
  /** True once the reader's script said `ready`: the nonce'd script ran under the CSP. */
  ready: boolean;
}

export interface Visit {
  /** The whole document to serve. */
  html: string;
  /** The article, shown a second time through a `show` message (innerHTML). */
  articleHtml: string;
  /** Click every link, button, input and summary, not only links and copy buttons. */
  clickEverything?: boolean;
}

/** One page of the shared browser, with what it saw during the current visit. */
class Tab {
  obs: Observation = emptyObservation();
  expectedUrl = '';
  private readonly pending = new Map<object, string>();

  constructor(
    public page: Page,
    private readonly servers: Servers,
  ) {
    this.attach(page);
  }

  /** A fresh page for a visit whose clicks may leave navigations behind, so none lands in the next visit. */
  async renew(): Promise<void> {
    const old = this.page;
    this.page = await old.context().newPage();
    this.attach(this.page);
    await old.close();
  }

  private attach(page: Page): void {
    // A page being replaced may still report; only the current page's events count.
    const live = () => page === this.page;
    page.on('request', (req) => {
      if (!live()) return;
      const url = req.url();
      if (url === this.expectedUrl) return;
      if (READER_RESOURCES.some((p) => url === this.servers.resourceOrigin + p)) return;
      this.pending.set(req, `${req.resourceType()} ${url.slice(0, 200)}`);
    });
    page.on('requestfailed', (req) => {
      if (!live()) return;
      const what = this.pending.get(req);
      if (what === undefined) return;
      this.pending.delete(req);
      const error = req.failure()?.errorText ?? 'failed';
      if (/ERR_BLOCKED_BY_CSP|^csp$/i.test(error)) this.obs.blockedByCsp.push(what);
      // Chromium never lets an http page read file: URLs, CSP or not; nothing left the machine.
      else if (req.url().startsWith('file:')) this.obs.blockedByBrowser.push(`${what} (${error})`);
      else this.obs.leaks.push(`${what} (${error})`);
    });
    page.on('requestfinished', (req) => {
      if (!live()) return;
      const what = this.pending.get(req);
      if (what === undefined) return;
      this.pending.delete(req);
      this.obs.leaks.push(what);
    });
    page.on('dialog', (d) => {
      // Counted even from a page being replaced: a dialog means a script ran somewhere.
      this.obs.scripts.push(`dialog ${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
    page.on('pageerror', (e) => {
      if (live()) this.obs.errors.push(e.message);
    });
    page.on('framenavigated', (f) => {
      if (!live()) return;
      // Our own earlier pages can report late; only a page elsewhere counts.
      const ours = f.url().startsWith(`${this.servers.pageOrigin}/case/`) || f.url() === 'about:blank';
      if (f === page.mainFrame() && f.url() !== this.expectedUrl && !ours) this.obs.navigations.push(f.url().slice(0, 200));
      if (f !== page.mainFrame()) this.obs.navigations.push(`frame ${f.url().slice(0, 200)}`);
    });
    page.on('popup', (p) => {
      if (!live()) return;
      this.obs.navigations.push(`new window ${p.url()}`);
      void p.close();
    });
  }

  /**
   * Loads the page, waits for the reader to start, pokes every element (hover, focus), clicks every
   * link and button, then shows the same article again the way the extension does (a `show`
   * message, which the page puts in with innerHTML) and pokes and clicks everything again.
   */
  async visit(v: Visit): Promise<Observation> {
    const path = `/case/${randomBytes(8).toString('hex')}`;
    this.servers.pages.set(path, v.html);
    this.expectedUrl = this.servers.pageOrigin + path;
    this.obs = emptyObservation();
    this.pending.clear();
    const obs = this.obs;
    try {
      // A page that scheduled a navigation (a form, a meta refresh) must not land it in the next visit.
      if (v.clickEverything) await this.renew();
      await this.page.goto(this.expectedUrl, { waitUntil: 'domcontentloaded', timeout: 20_000 });
      const state = await this.page.evaluate(PAGE_PROBE, { article: v.articleHtml, all: v.clickEverything ?? false });
      Object.assign(obs, state);
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      // A page that navigated itself away (meta refresh) destroys the probe: that is a navigation.
      if (/context was destroyed|navigat/i.test(message)) obs.navigations.push(`the page navigated away while being probed`);
      else obs.errors.push(`harness: ${message}`);
    } finally {
      this.servers.pages.delete(path);
    }
    // Whatever is still in flight has left.
    for (const what of this.pending.values()) obs.leaks.push(`${what} (in flight)`);
    this.pending.clear();
    return obs;
  }
}

/** Runs in the page: everything after load, in one round trip. */
const PAGE_PROBE = async ({ article, all }: { article: string; all: boolean }) => {
  const w = window as unknown as { __posted: { type: string }[]; __csp: string[] };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 200 && !w.__posted.some((m) => m.type === 'ready'); i++) await sleep(10);
  const ready = w.__posted.some((m) => m.type === 'ready');
  const poke = () => {
    const main = document.getElementById('note');
    if (!main) return;
    for (const el of Array.from(main.querySelectorAll('*'))) {
      for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart', 'toggle']) el.dispatchEvent(new Event(type, { bubbles: true }));
    }
    const clickable = all ? 'a, button, input, summary, [href]' : 'a, button.copy';
    for (const el of Array.from(main.querySelectorAll(clickable))) (el as HTMLElement).click?.();
    // Back and forward replay the history the link clicks made.
    (document.getElementById('back') as HTMLButtonElement | null)?.click();
    (document.getElementById('forward') as HTMLButtonElement | null)?.click();
  };
  await sleep(20);
  poke();
  window.postMessage({ type: 'show', noteId: 'shown-again', title: 'Shown again', section: '', html: article, via: 'open' }, '*');
  await sleep(20);
  poke();
  await sleep(40);
  const main = document.getElementById('note');
  const attributes: [string, string, string][] = [];
  const tags = new Set<string>();
  for (const el of main ? Array.from(main.querySelectorAll('*')) : []) {
    tags.add(el.localName);
    for (const a of Array.from(el.attributes)) {
      if (/^(on|href$|src$|srcset$|action$|formaction$|data$|poster$|background$|ping$|xlink:href$|style$)/i.test(a.name)) {
        attributes.push([el.localName, a.name, a.value.slice(0, 300)]);
      }
    }
  }
  return { ready, posted: w.__posted as unknown[], csp: w.__csp, attributes, tags: [...tags] };
};

/** One Chromium for everything; a few pages visit inputs side by side. */
export class ReaderBrowser {
  private browser: Browser | undefined;
  private context!: BrowserContext;
  private readonly tabs: Tab[] = [];

  constructor(private readonly servers: Servers) {}

  async start(tabs = 5): Promise<void> {
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    this.context = await this.browser.newContext({ serviceWorkers: 'block' });
    // The canary reports to the tab whose page called it.
    await this.context.exposeBinding('__report', (source, what: string) => {
      this.tabs.find((t) => t.page === source.page)?.obs.scripts.push(what);
    });
    await this.context.addInitScript(INIT_SCRIPT);
    for (let i = 0; i < tabs; i++) this.tabs.push(new Tab(await this.context.newPage(), this.servers));
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }

  /** Visits every input, `tabs` at a time; results in input order. */
  async visitAll(visits: readonly (() => Visit)[], onEach?: (i: number, obs: Observation) => void): Promise<Observation[]> {
    const results: Observation[] = new Array(visits.length);
    let next = 0;
    await Promise.all(
      this.tabs.map(async (tab) => {
        while (next < visits.length) {
          const i = next++;
          results[i] = await tab.visit(visits[i]());
          onEach?.(i, results[i]);
        }
      }),
    );
    return results;
  }

  /** One visit on the first tab. */
  visit(v: Visit): Promise<Observation> {
    return this.tabs[0].visit(v);
  }

  /** One visit on the first tab, then `probe(arg)` run in that page as page script. */
  async visitAndProbe<T, A = undefined>(v: Visit, probe: (arg: A) => T | Promise<T>, arg?: A): Promise<{ obs: Observation; probed: T }> {
    const tab = this.tabs[0];
    const obs = await tab.visit(v);
    const evaluate = tab.page.evaluate.bind(tab.page) as unknown as (f: (a: A) => T | Promise<T>, a: A) => Promise<T>;
    return { obs, probed: await evaluate(probe, arg as A) };
  }
}

function emptyObservation(): Observation {
  return { scripts: [], leaks: [], blockedByCsp: [], blockedByBrowser: [], navigations: [], posted: [], csp: [], errors: [], attributes: [], tags: [], ready: false };
}
