import type { LogRequestItem } from '@reprise/contracts';

/**
 * Realistic logged requests for the ingestion and search benchmarks: OpenAI
 * chat-completions bodies as an integration sends them (system + user
 * messages, sampling parameters, sometimes tools or a JSON response format),
 * the chat.completion received (sometimes with tool calls), or an error;
 * varied models, providers, statuses, tags and flat metadata of every value
 * type. About 1–2 KB of GraphQL input each. Deterministic for a seed, so two
 * runs store the same data and the filters match the same share of it.
 */

/** mulberry32: small, fast, and good enough to pick words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/** [model, provider family, response model id] */
const MODELS: Weighted<readonly [string, 'openai' | 'openrouter', string]> = [
  [['gpt-4o-mini', 'openai', 'gpt-4o-mini-2024-07-18'], 30],
  [['gpt-4o', 'openai', 'gpt-4o-2024-08-06'], 16],
  [['gpt-4.1-mini', 'openai', 'gpt-4.1-mini-2025-04-14'], 14],
  [['gpt-4.1', 'openai', 'gpt-4.1-2025-04-14'], 8],
  [['gpt-5-mini', 'openai', 'gpt-5-mini-2025-08-07'], 7],
  [['gpt-4.1-nano', 'openai', 'gpt-4.1-nano-2025-04-14'], 5],
  [['o3-mini', 'openai', 'o3-mini-2025-01-31'], 4],
  [['gpt-5', 'openai', 'gpt-5-2025-08-07'], 3],
  [['o4-mini', 'openai', 'o4-mini-2025-04-16'], 3],
  [['gpt-3.5-turbo', 'openai', 'gpt-3.5-turbo-0125'], 2],
  [['ft:gpt-4o-mini-2024-07-18:acme::B7x2kQ', 'openai', 'ft:gpt-4o-mini-2024-07-18:acme::B7x2kQ'], 1],
  [['meta-llama/llama-3.1-70b-instruct', 'openrouter', 'meta-llama/llama-3.1-70b-instruct'], 4],
  [['mistralai/mistral-small-3.1-24b-instruct', 'openrouter', 'mistralai/mistral-small-3.1-24b-instruct'], 3],
];

const FEATURES: Weighted<string> = [
  ['chat', 30],
  ['summarize', 18],
  ['support', 14],
  ['extract', 12],
  ['classify', 10],
  ['rag', 8],
  ['translate', 5],
  ['agent', 3],
];

const ENVS: Weighted<string> = [
  ['prod', 72],
  ['staging', 20],
  ['dev', 8],
];

/** Tags beside the environment and feature, each with its own chance. */
const EXTRA_TAGS: ReadonlyArray<readonly [string, number]> = [
  ['beta', 0.08],
  ['eval', 0.05],
  ['customer:acme', 0.03],
  ['experiment:prompt-v7', 0.02],
  ['vip', 0.01],
];

/** Tenants, the first few much busier than the rest. */
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne', ...Array.from({ length: 30 }, (_, i) => `tenant-${i + 11}`)];
const REGIONS: Weighted<string> = [
  ['eu-west-1', 45],
  ['us-east-1', 40],
  ['ap-south-1', 15],
];

const SYSTEM_PROMPTS: Record<string, string[]> = {
  chat: [
    'You are a helpful assistant for Acme Cloud. Answer briefly and accurately. If you do not know, say so and suggest where the user can find out.',
    'You are Ada, the in-app assistant. Be friendly, keep answers under 120 words, and never invent product features or prices.',
  ],
  summarize: [
    'Summarize the text the user gives you in three bullet points for a busy manager. Keep names, numbers and dates exactly as written.',
    'You write short, neutral summaries of meeting notes: decisions first, then action items with owners.',
  ],
  support: [
    'You are a customer support agent. Be polite, acknowledge the problem, and propose a concrete next step. Escalate billing disputes to a human.',
    'Classify and answer the support ticket. Cite the relevant help center article when there is one.',
  ],
  extract: [
    'Extract the requested fields from the document and answer with a JSON object only. Use null for fields that are not present.',
    'You turn free-form text into structured records. Output valid JSON that matches the schema the user describes.',
  ],
  classify: [
    'Classify the message into exactly one of: billing, bug, feature_request, account, other. Answer with the label only.',
    'Decide whether the review is positive, neutral or negative and give a confidence between 0 and 1 as JSON.',
  ],
  rag: [
    'Answer the question using only the context passages below. Quote the passage id you relied on. If the context is insufficient, say so.',
  ],
  translate: ['Translate the user text into the target language. Keep formatting, placeholders like {name} and product names unchanged.'],
  agent: [
    'You are an operations agent with tools. Plan briefly, call tools when you need data, and finish with a short report of what you did.',
  ],
};

const SUBJECTS = [
  'the March invoice for the Pro plan',
  'a failed deployment in the eu-west-1 region',
  'the quarterly sales report',
  'our onboarding checklist for new engineers',
  'a customer who was charged twice',
  'the latency spike on the search API last night',
  'the contract renewal with Globex',
  'a request to export all workspace data',
  'the new pricing page copy',
  'an outage post-mortem',
  'the mobile app crash on Android 14',
  'a feature request for single sign-on',
  'the warehouse inventory count',
  'a shipping delay for order 48213',
  'the GDPR data deletion request',
  'an interview feedback form',
];

const SENTENCES = [
  'The customer says the dashboard has been loading slowly since Tuesday and the export button times out.',
  'Please include the totals per region and flag anything that changed by more than ten percent.',
  'They would like a refund for the unused months and ask whether the discount still applies.',
  'The attached log shows repeated connection resets between the worker and the database.',
  'Keep the tone professional; this goes to the leadership team on Friday.',
  'Our team reviewed the proposal and has three open questions about the migration timeline.',
  'The invoice number is INV-2024-0193 and the amount due is 1,240.00 EUR.',
  'Two engineers are on call this week, and the runbook was updated after the last incident.',
  'The user reports that the password reset email never arrives, even after checking the spam folder.',
  'We need the answer in French and in German, with the same structure.',
  'Only consider orders placed after the first of the month.',
  'The meeting ended with an agreement to ship the beta to ten design partners first.',
  'Latency at the 99th percentile went from 180 ms to 1.4 seconds during the incident.',
  'Please list the action items with an owner and a due date for each.',
  'The warehouse in Rotterdam counted 312 pallets, eight fewer than the system expects.',
  'Customer sentiment in the last fifty reviews was mostly positive, with complaints about battery life.',
  'The contract auto-renews on the 30th unless either party cancels in writing.',
  'A hotfix was deployed at 14:05 UTC and error rates returned to normal within ten minutes.',
  'Explain it so that someone without a technical background understands it.',
  'The candidate has six years of experience with distributed systems and strong references.',
];

const ANSWERS = [
  'Here is a short summary: the issue started after the configuration change on Tuesday, affected roughly 4% of requests, and was resolved by rolling back.',
  'I am sorry for the trouble. I have checked your account and can see the duplicate charge; a refund has been requested and should appear within 5 to 7 business days.',
  'The main points are: revenue grew 12% quarter over quarter, churn stayed flat, and the EMEA pipeline doubled. The biggest risk is the delayed Globex renewal.',
  'Action items: Maria updates the runbook by Friday; Sam adds an alert on connection resets; Lee schedules the follow-up review next week.',
  'This looks like a billing question. The invoice INV-2024-0193 was issued on the 1st and is due in 30 days; you can download it from Settings → Billing.',
  'Based on passage [3], the export limit is 100,000 records per request; larger exports are split into several files automatically.',
  'The review is mostly positive: customers like the design and the price, but several mention that the battery drains quickly with GPS on.',
  'Bonjour ! Voici la traduction demandée, avec la même structure et les noms de produits inchangés.',
  'I could not find enough information in the context to answer reliably. Could you share the relevant section of the contract?',
  'Done: I looked up the order, confirmed the shipping delay with the carrier, and sent the customer an updated delivery estimate for Thursday.',
];

const TOOLS = [
  { name: 'lookup_order', description: 'Find an order by its id and return its status and items.', param: 'orderId' },
  { name: 'search_docs', description: 'Search the help center and return the best matching articles.', param: 'query' },
  { name: 'create_ticket', description: 'Open a ticket for the support team with a title and priority.', param: 'title' },
];

/**
 * Every error here carries an HTTP status. One without (a client-side
 * timeout, say) is stored with `status: null`, which the gateway's contract
 * for `error.status` (a number or absent) then refuses: `request(id)` and
 * every `requests` page holding such a record answer INTERNAL_SERVER_ERROR.
 * Until history stores it as absent, the records avoid it so the benchmarks
 * measure speed rather than stop at the first such page.
 */
const ERRORS = [
  { kind: 'rate_limited', status: 429, message: 'Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.' },
  { kind: 'timeout', status: 504, message: 'Gateway timeout: the upstream did not answer within 60000 ms.' },
  { kind: 'provider_error', status: 500, message: 'The server had an error while processing your request. Sorry about that!' },
  { kind: 'provider_error', status: 503, message: 'The engine is currently overloaded, please try again later.' },
  { kind: 'invalid_request', status: 400, message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens." },
] as const;

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class RecordGenerator {
  private readonly random: () => number;
  private serial = 0;

  constructor(seed = 42) {
    this.random = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private weighted<T>(items: Weighted<T>): T {
    const total = items.reduce((n, [, w]) => n + w, 0);
    let r = this.random() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items.at(-1)![0];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private token(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += ALPHANUM[Math.floor(this.random() * ALPHANUM.length)];
    return s;
  }

  /** Log-normal around `median` (spread `sigma`). */
  private lognormal(median: number, sigma: number): number {
    const u = Math.max(this.random(), 1e-9);
    const v = this.random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  /** One logged request that started at `startedAt`, as the contracts spell it (lower-case enums). */
  next(startedAt: Date): LogRequestItem {
    this.serial++;
    const [model, family, responseModel] = this.weighted(MODELS);
    const provider = family === 'openrouter' ? 'openrouter' : this.chance(0.25) ? 'azure-openai' : 'openai';
    const feature = this.weighted(FEATURES);
    const env = this.weighted(ENVS);
    const withTools = feature === 'agent' || (feature === 'support' && this.chance(0.3));
    const jsonOut = feature === 'extract' || (feature === 'classify' && this.chance(0.5));

    const subject = this.pick(SUBJECTS);
    const sentences = Array.from({ length: this.int(1, 4) }, () => this.pick(SENTENCES));
    // A reference that few requests carry: the text filter's needle in the haystack.
    const reference = this.chance(0.003) ? ' Customer reference ZX-4471.' : '';
    const userText = `${feature === 'translate' ? 'Translate to German' : 'About'} ${subject}: ${sentences.join(' ')}${reference}`;
    const messages: Array<Record<string, unknown>> = [
      { role: 'system', content: this.pick(SYSTEM_PROMPTS[feature]!) },
      { role: 'user', content: userText },
    ];
    if (feature === 'chat' && this.chance(0.3)) {
      messages.push({ role: 'assistant', content: this.pick(ANSWERS) }, { role: 'user', content: this.pick(SENTENCES) });
    }
    const request: Record<string, unknown> = { model, messages };
    if (!model.startsWith('o') && !model.startsWith('gpt-5')) request.temperature = this.pick([0, 0.2, 0.7, 1]);
    request.max_tokens = this.pick([256, 512, 1024]);
    if (withTools) {
      request.tools = TOOLS.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: { type: 'object', properties: { [t.param]: { type: 'string' } }, required: [t.param] } },
      }));
      request.tool_choice = 'auto';
    }
    if (jsonOut) request.response_format = { type: 'json_object' };
    const userId = `u-${this.int(1, 5000)}`;
    if (this.chance(0.5)) request.user = userId;
    const requestBody = JSON.stringify(request);

    const roll = this.random();
    const status = roll < 0.06 ? 'failed' : roll < 0.07 ? 'cancelled' : 'completed';
    const promptTokens = Math.round(requestBody.length / 4) + this.int(0, 40);
    let latencyMs = Math.max(80, Math.round(this.lognormal(status === 'completed' ? 900 : 300, 0.6)));
    const item: LogRequestItem = {
      provider,
      requestBody,
      startedAt: startedAt.toISOString(),
      endedAt: '',
      tags: [env, feature, ...EXTRA_TAGS.filter(([, p]) => this.chance(p)).map(([t]) => t)],
      metadata: {
        userId,
        tenant: this.random() < 0.5 ? this.pick(TENANTS.slice(0, 4)) : this.pick(TENANTS),
        feature,
        region: this.weighted(REGIONS),
        appVersion: `2.${this.int(10, 14)}.${this.int(0, 9)}`,
        premium: this.chance(0.2),
        attempt: this.chance(0.94) ? 1 : this.chance(0.8) ? 2 : 3,
        traceId: this.token(16),
      },
    };
    if (status === 'completed') {
      const toolCall = withTools && this.chance(0.4);
      const tool = this.pick(TOOLS);
      const content = toolCall ? null : jsonOut ? JSON.stringify({ label: this.pick(['billing', 'bug', 'account', 'other']), confidence: Number(this.random().toFixed(2)) }) : this.pick(ANSWERS);
      const completionTokens = Math.max(1, Math.round((content?.length ?? 40) / 4) + this.int(0, 20));
      const message: Record<string, unknown> = { role: 'assistant', content, refusal: null };
      if (toolCall) {
        message.tool_calls = [
          { id: `call_${this.token(24)}`, type: 'function', function: { name: tool.name, arguments: JSON.stringify({ [tool.param]: tool.param === 'orderId' ? String(this.int(10000, 99999)) : subject }) } },
        ];
      }
      item.responseBody = JSON.stringify({
        id: `chatcmpl-${this.token(29)}`,
        object: 'chat.completion',
        created: Math.floor(startedAt.getTime() / 1000),
        model: responseModel,
        choices: [{ index: 0, message, logprobs: null, finish_reason: toolCall ? 'tool_calls' : 'stop' }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          prompt_tokens_details: { cached_tokens: this.chance(0.3) ? 1024 : 0 },
          completion_tokens_details: { reasoning_tokens: model.startsWith('o') || model.startsWith('gpt-5') ? this.int(64, 512) : 0 },
        },
        system_fingerprint: `fp_${this.token(10)}`,
      });
      if (this.chance(0.6)) item.ttftMs = Math.min(latencyMs, Math.round(this.lognormal(350, 0.5)));
      if (this.chance(0.05)) item.score = Number(this.random().toFixed(2));
    } else if (status === 'failed') {
      const error = this.pick(ERRORS);
      item.status = 'failed';
      item.error = { kind: error.kind, message: error.message, status: error.status };
      if (error.kind === 'timeout') latencyMs = 60_000;
    } else {
      item.status = 'cancelled';
      latencyMs = Math.round(latencyMs / 3);
    }
    item.endedAt = new Date(startedAt.getTime() + latencyMs).toISOString();
    // Some integrations pass their own id: logging it twice stores it once.
    if (this.chance(0.1)) item.externalId = `ext-${this.serial}-${this.token(8)}`;
    return item;
  }
}

/** The same request as a GraphQL `LogRequestInput` (upper-case enum values). */
export function toGraphqlInput(item: LogRequestItem): Record<string, unknown> {
  return {
    ...item,
    ...(item.status ? { status: item.status.toUpperCase() } : {}),
    ...(item.error ? { error: { ...item.error, ...(item.error.kind ? { kind: item.error.kind.toUpperCase() } : {}) } } : {}),
  };
}
