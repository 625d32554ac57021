import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostileCase } from './corpus';
import type { Observation } from './harness';

interface Row {
  layer: 'pipeline' | 'csp-only';
  group: string;
  name: string;
  blocked: boolean;
  /** The CSP reported stopping something (so the renderer alone did not neutralise it). */
  cspStopped: boolean;
  scriptsRan: number;
  ready: boolean;
  leaks: string[];
  navigations: string[];
  posted: number;
  refusedByExtension: number;
  opensExternal: string[];
  failures: string[];
  pageErrors: string[];
}

/** Figures for the report and docs/security.md, printed after the run and saved as JSON. */
class Summary {
  private readonly rows: Row[] = [];

  record(layer: Row['layer'], c: HostileCase, obs: Observation, failures: string[], verdicts: { accepted: boolean; opens?: string }[]): void {
    this.rows.push({
      layer,
      group: c.group,
      name: c.name,
      blocked: layer === 'pipeline' ? failures.length === 0 : obs.scripts.length === 0,
      cspStopped: obs.csp.length > 0,
      scriptsRan: obs.scripts.length,
      ready: obs.ready,
      leaks: obs.leaks,
      navigations: obs.navigations,
      posted: obs.posted.filter((m) => (m as { type?: string }).type !== 'ready').length,
      refusedByExtension: verdicts.filter((v) => !v.accepted).length,
      opensExternal: verdicts.flatMap((v) => (v.opens ? [v.opens] : [])),
      failures,
      pageErrors: obs.errors,
    });
  }

  lines(): string[] {
    const out: string[] = [];
    const pipeline = this.rows.filter((r) => r.layer === 'pipeline');
    if (pipeline.length) {
      const blocked = pipeline.filter((r) => r.blocked).length;
      const groups = [...new Set(pipeline.map((r) => r.group))];
      out.push(`hostile inputs through the real pipeline: ${pipeline.length} tried, ${blocked} blocked, ${pipeline.length - blocked} not blocked`);
      out.push(`  by group: ${groups.map((g) => `${g} ${pipeline.filter((r) => r.group === g && r.blocked).length}/${pipeline.filter((r) => r.group === g).length}`).join(', ')}`);
      const byCsp = pipeline.filter((r) => r.cspStopped);
      out.push(`  neutralised by the renderer alone: ${pipeline.length - byCsp.length}; rendered into something the CSP then stopped: ${byCsp.length} (${byCsp.map((r) => r.name).slice(0, 6).join(', ')}${byCsp.length > 6 ? ', ...' : ''})`);
      const posted = pipeline.reduce((n, r) => n + r.posted, 0);
      const refused = pipeline.reduce((n, r) => n + r.refusedByExtension, 0);
      const opens = pipeline.flatMap((r) => r.opensExternal);
      const schemes = [...new Set(opens.map((h) => /^[a-z][a-z0-9+.-]*:/i.exec(h)?.[0].toLowerCase() ?? '(none)'))];
      out.push(`  link clicks: ${posted} messages posted, ${refused} refused by the extension's validator or scheme check, ${opens.length} would open externally (schemes: ${schemes.join(' ') || 'none'})`);
      const errored = pipeline.filter((r) => r.pageErrors.length);
      out.push(`  uncaught errors in the reader script: ${errored.length}${errored.length ? ` (${errored.map((r) => `${r.name}: ${r.pageErrors[0]}`).join('; ')})` : ''}`);
      for (const r of pipeline.filter((x) => !x.blocked)) out.push(`  NOT BLOCKED ${r.group} / ${r.name}: ${r.failures.slice(0, 3).join('; ')}`);
    }
    const csp = this.rows.filter((r) => r.layer === 'csp-only');
    if (csp.length) {
      const stopped = csp.filter((r) => r.scriptsRan === 0).length;
      const withViolations = csp.filter((r) => r.cspStopped).length;
      const navs = csp.filter((r) => r.leaks.some((l) => l.startsWith('document ')) || r.navigations.length);
      out.push(`the CSP alone (raw HTML, unvetted links): ${csp.length} tried, no script ran in ${stopped}, CSP violations reported in ${withViolations}`);
      out.push(`  navigations the CSP does not govern: ${navs.length}${navs.length ? ` (${navs.map((r) => `${r.name}: ${[...r.navigations, ...r.leaks].join(' | ')}`).join('; ')})` : ''}`);
      const broken = csp.filter((r) => !r.ready);
      out.push(`  pages whose raw HTML stopped the reader's own script: ${broken.length}${broken.length ? ` (${broken.map((r) => r.name).join(', ')})` : ''}`);
    }
    return out;
  }

  save(dir: string): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'security-summary.json'), JSON.stringify({ lines: this.lines(), rows: this.rows }, null, 2));
  }
}

export const summary = new Summary();
