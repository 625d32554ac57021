/**
 * Generated source files for the hint-scan benchmark: service-style TypeScript and Python (routes,
 * data access, HTTP clients, error handling, comments, SQL strings), with the real rules' own
 * examples (matches and near misses) mixed in at about one per 60 lines, the way a real code base
 * has the odd retry loop or bare UPDATE between much ordinary code. Deterministic for a seed.
 */
import { Random } from './random';

export type CodeLanguage = 'typescript' | 'python';

const NOUNS = ['order', 'payment', 'invoice', 'customer', 'tenant', 'user', 'shipment', 'account', 'session', 'item', 'cart', 'product', 'report', 'job', 'task', 'event', 'webhook', 'subscription', 'refund', 'ledger'];
const VERBS = ['get', 'load', 'fetch', 'create', 'update', 'delete', 'sync', 'process', 'handle', 'build', 'parse', 'validate', 'send', 'schedule', 'compute', 'record', 'find', 'list', 'apply', 'merge'];
const FIELDS = ['id', 'status', 'amount', 'currency', 'createdAt', 'updatedAt', 'tenantId', 'email', 'name', 'total', 'items', 'version', 'reference', 'attempts'];
const WORDS = 'the request is retried when the upstream times out so we keep the handler idempotent and log the outcome with the trace id for later reconciliation'.split(' ');

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

function tsBlock(r: Random): string {
  const n = r.pick(NOUNS);
  const N = cap(n);
  const v = r.pick(VERBS);
  const f = r.pick(FIELDS);
  const comment = () => Array.from({ length: 4 + r.int(8) }, () => r.pick(WORDS)).join(' ');
  switch (r.int(12)) {
    case 0:
      return `import { ${N}Repository } from '../${n}/${n}Repository';\nimport type { ${N}, ${N}Input } from '../${n}/types';\nimport { logger } from '../observability/logger';\n`;
    case 1:
      return `export interface ${N}${cap(v)}Result {\n  ${n}Id: string;\n  ${f}: ${r.pick(['string', 'number', 'boolean', 'Date'])};\n  warnings: string[];\n  /** ${comment()} */\n  metadata?: Record<string, unknown>;\n}\n`;
    case 2:
      return `/**\n * ${cap(comment())}.\n * ${cap(comment())}.\n */\nexport async function ${v}${N}(id: string, ctx: RequestContext): Promise<${N} | undefined> {\n  const ${n} = await ctx.db.${n}s.findById(id);\n  if (!${n}) {\n    logger.warn('${n} not found', { id, traceId: ctx.traceId });\n    return undefined;\n  }\n  return { ...${n}, ${f}: normalise(${n}.${f}) };\n}\n`;
    case 3:
      return `export class ${N}Service {\n  private readonly cache = new Map<string, ${N}>();\n\n  constructor(\n    private readonly repo: ${N}Repository,\n    private readonly clock: Clock,\n  ) {}\n\n  async ${v}(input: ${N}Input): Promise<${N}> {\n    const existing = this.cache.get(input.${f === 'id' ? 'reference' : 'id'});\n    if (existing && this.clock.now() - existing.updatedAt.getTime() < 60_000) return existing;\n    const saved = await this.repo.save({ ...input, updatedAt: new Date(this.clock.now()) });\n    this.cache.set(saved.id, saved);\n    return saved;\n  }\n}\n`;
    case 4:
      return `router.get('/api/${n}s/:id', async (req, res, next) => {\n  try {\n    const ${n} = await ${n}Service.${v}(req.params.id, req.context);\n    if (!${n}) return res.status(404).json({ error: 'not_found' });\n    res.json(${n});\n  } catch (err) {\n    next(err);\n  }\n});\n`;
    case 5:
      return `const ${n}Query = \`\n  SELECT id, ${snake(f)}, created_at\n  FROM ${n}s\n  WHERE tenant_id = $1 AND id = $2\n  LIMIT 1\n\`;\n`;
    case 6:
      return `for (const ${n} of ${n}s) {\n  if (${n}.${f} === undefined) continue;\n  totals[${n}.currency ?? 'EUR'] = (totals[${n}.currency ?? 'EUR'] ?? 0) + Number(${n}.amount);\n}\n`;
    case 7:
      return `switch (${n}.status) {\n  case 'pending':\n    return '${cap(comment())}';\n  case 'settled':\n  case 'refunded':\n    return formatAmount(${n}.amount, ${n}.currency);\n  default:\n    return 'unknown';\n}\n`;
    case 8:
      return `export const ${n}Config = {\n  baseUrl: process.env.${n.toUpperCase()}_URL ?? 'https://${n}.internal.example.com',\n  timeoutMs: ${1000 + r.int(9000)},\n  maxAttempts: ${1 + r.int(5)},\n  // ${comment()}\n  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },\n};\n`;
    case 9:
      return `const ${n}sBy${cap(f)} = new Map(\n  ${n}s\n    .filter((x) => x.${f} !== null)\n    .map((x) => [x.${f}, x] as const),\n);\n`;
    case 10:
      return `async function ${v}${N}Batch(ids: readonly string[]): Promise<void> {\n  const chunks = chunk(ids, 100);\n  for (const ids of chunks) {\n    const rows = await db.query(${n}Query, [tenantId, ids]);\n    await Promise.all(rows.map((row) => publish('${n}.${v}d', row)));\n  }\n}\n`;
    default:
      return `// ${comment()}\nexport function is${N}${cap(f)}Valid(value: unknown): value is ${N} {\n  return typeof value === 'object' && value !== null && '${f}' in value;\n}\n`;
  }
}

function pyBlock(r: Random): string {
  const n = r.pick(NOUNS);
  const N = cap(n);
  const v = r.pick(VERBS);
  const f = snake(r.pick(FIELDS));
  const comment = () => Array.from({ length: 4 + r.int(8) }, () => r.pick(WORDS)).join(' ');
  switch (r.int(11)) {
    case 0:
      return `from app.${n}.repository import ${N}Repository\nfrom app.${n}.schemas import ${N}In, ${N}Out\nimport logging\n\nlogger = logging.getLogger(__name__)\n`;
    case 1:
      return `@dataclass(frozen=True)\nclass ${N}${cap(v)}Result:\n    ${n}_id: str\n    ${f}: ${r.pick(['str', 'int', 'bool', 'datetime'])}\n    warnings: list[str] = field(default_factory=list)\n`;
    case 2:
      return `def ${v}_${n}(${n}_id: str, ctx: RequestContext) -> ${N} | None:\n    """${cap(comment())}."""\n    ${n} = ctx.db.${n}s.find_by_id(${n}_id)\n    if ${n} is None:\n        logger.warning("${n} not found", extra={"id": ${n}_id, "trace_id": ctx.trace_id})\n        return None\n    return replace(${n}, ${f}=normalise(${n}.${f}))\n`;
    case 3:
      return `class ${N}Service:\n    def __init__(self, repo: ${N}Repository, clock: Clock) -> None:\n        self._repo = repo\n        self._clock = clock\n        self._cache: dict[str, ${N}] = {}\n\n    def ${v}(self, data: ${N}In) -> ${N}:\n        existing = self._cache.get(data.id)\n        if existing and self._clock.now() - existing.updated_at < timedelta(minutes=1):\n            return existing\n        saved = self._repo.save(data, updated_at=self._clock.now())\n        self._cache[saved.id] = saved\n        return saved\n`;
    case 4:
      return `@router.get("/api/${n}s/{${n}_id}", response_model=${N}Out)\nasync def read_${n}(${n}_id: str, service: ${N}Service = Depends(get_${n}_service)) -> ${N}Out:\n    ${n} = await service.${v}(${n}_id)\n    if ${n} is None:\n        raise HTTPException(status_code=404, detail="not found")\n    return ${N}Out.model_validate(${n})\n`;
    case 5:
      return `${n.toUpperCase()}_QUERY = """\n    SELECT id, ${f}, created_at\n    FROM ${n}s\n    WHERE tenant_id = %(tenant_id)s AND id = %(id)s\n"""\n`;
    case 6:
      return `for ${n} in ${n}s:\n    if ${n}.${f} is None:\n        continue\n    totals[${n}.currency or "EUR"] += Decimal(${n}.amount)\n`;
    case 7:
      return `# ${comment()}\n${n.toUpperCase()}_SETTINGS = {\n    "base_url": os.environ.get("${n.toUpperCase()}_URL", "https://${n}.internal.example.com"),\n    "timeout": ${1 + r.int(30)},\n    "max_attempts": ${1 + r.int(5)},\n}\n`;
    case 8:
      return `${n}s_by_${f} = {\n    x.${f}: x\n    for x in ${n}s\n    if x.${f} is not None\n}\n`;
    case 9:
      return `async def ${v}_${n}_batch(ids: Sequence[str]) -> None:\n    for chunk in chunked(ids, 100):\n        rows = await db.fetch_all(${n.toUpperCase()}_QUERY, {"ids": chunk})\n        await asyncio.gather(*(publish("${n}.${v}d", row) for row in rows))\n`;
    default:
      return `def is_${n}_${f}_valid(value: object) -> bool:\n    # ${comment()}\n    return isinstance(value, dict) and "${f}" in value\n`;
  }
}

/**
 * About `lines` lines of code in the language, with `examples` (code snippets the rules were
 * written against) mixed in.
 */
export function generateCode(language: CodeLanguage, lines: number, examples: readonly string[], seed = 1): string {
  const r = new Random(seed);
  const parts: string[] = [];
  let count = 0;
  const block = language === 'typescript' ? tsBlock : pyBlock;
  while (count < lines) {
    const text = examples.length && r.chance(0.12) ? r.pick(examples) + '\n' : block(r) + '\n';
    parts.push(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  }
  return parts.join('');
}
