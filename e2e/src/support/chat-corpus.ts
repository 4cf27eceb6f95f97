/**
 * Chat completions request bodies of every shape the API reference
 * (platform.openai.com/docs/api-reference/chat/create), Azure OpenAI and vLLM
 * document, written as JSON text on purpose: what a JavaScript object would
 * change (digits beyond 2^53, `1.0`, a `__proto__` key, key order, explicit
 * nulls) must reach the provider exactly as it is written here.
 */

export interface CorpusCase {
  name: string;
  body: string;
  /** Body paths replayNotes must name. */
  notes?: string[];
}

const weatherTool = '{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false},"strict":true}}';

const bigMessage = 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(51_200 / 45)).slice(0, 51_200);

export const corpus: CorpusCase[] = [
  {
    name: 'tools with $defs and $ref',
    body: `{"model":"gpt-4o","messages":[{"role":"user","content":"Plan a trip"}],"tools":[{"type":"function","function":{"name":"plan","parameters":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","$defs":{"stop":{"type":"object","properties":{"city":{"type":"string"},"nights":{"type":"integer"}},"required":["city","nights"],"additionalProperties":false}},"properties":{"stops":{"type":"array","items":{"$ref":"#/$defs/stop"}}},"required":["stops"],"additionalProperties":false},"strict":true}}],"tool_choice":"auto"}`,
  },
  {
    name: 'parallel tool calls and their results in the conversation',
    body: `{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a weather bot."},{"role":"user","content":"Paris and Oslo?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"unit\\":\\"c\\"}"}},{"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\",\\"unit\\":\\"c\\"}"}}]},{"role":"tool","tool_call_id":"call_a","content":"{\\"temp\\":21}"},{"role":"tool","tool_call_id":"call_b","content":"{\\"temp\\":4}"}],"tools":[${weatherTool}],"parallel_tool_calls":true}`,
  },
  {
    name: 'strict json_schema output together with tools',
    body: `{"model":"gpt-4.1","messages":[{"role":"developer","content":"Answer as JSON."},{"role":"user","content":"Weather in Rome?"}],"tools":[${weatherTool}],"tool_choice":{"type":"function","function":{"name":"get_weather"}},"response_format":{"type":"json_schema","json_schema":{"name":"report","strict":true,"schema":{"type":"object","properties":{"city":{"type":"string"},"summary":{"type":"string"}},"required":["city","summary"],"additionalProperties":false}}}}`,
  },
  {
    name: 'image, audio and file parts',
    body: `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in these?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},{"type":"input_audio","input_audio":{"data":"UklGRiQAAABXQVZF","format":"wav"}},{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}},{"type":"file","file":{"file_id":"file-abc123"}}]}]}`,
  },
  {
    name: 'a stop list, a seed beyond 2^53 and exact number text',
    body: `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Count"}],"stop":["\\n\\n","END","###"],"seed":9223372036854775807,"temperature":1.0,"top_p":0.10,"frequency_penalty":-0.0,"max_tokens":100}`,
    notes: [],
  },
  {
    name: 'logit_bias, n, logprobs and top_logprobs',
    body: `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Pick"}],"logit_bias":{"50256":-100,"198":10.5},"n":3,"logprobs":true,"top_logprobs":5}`,
  },
  {
    name: 'reasoning_effort, service_tier, metadata and store',
    body: `{"model":"o3-mini","messages":[{"role":"developer","content":"Think"},{"role":"user","content":"Why?"}],"reasoning_effort":"high","max_completion_tokens":2048,"service_tier":"flex","metadata":{"user.id":"42","$team":"search"},"store":true,"verbosity":"low","prompt_cache_key":"k1","safety_identifier":"u-1"}`,
  },
  {
    name: 'vLLM and Azure extension fields',
    body: `{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Hi"}],"top_k":40,"min_p":0.05,"repetition_penalty":1.10,"guided_json":{"type":"object","properties":{"a":{"type":"integer"}}},"chat_template_kwargs":{"enable_thinking":false},"data_sources":[{"type":"azure_search","parameters":{"endpoint":"https://x.search.windows.net","index_name":"docs","authentication":{"type":"system_assigned_managed_identity"}}}]}`,
  },
  {
    name: 'explicit nulls',
    body: `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi","name":null}],"temperature":null,"user":null,"response_format":null,"tools":null,"stop":null}`,
  },
  {
    name: 'a key named __proto__',
    body: `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"metadata":{"__proto__":"kept"},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"__proto__":{"type":"string"}}}}}]}`,
    notes: ['metadata.__proto__', 'tools.0.function.parameters.properties.__proto__'],
  },
  {
    name: 'a 50 KB message',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: bigMessage }] }),
  },
  {
    name: 'the legacy functions shape',
    body: `{"model":"gpt-3.5-turbo-0613","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},{"role":"function","name":"get_weather","content":"{\\"temp\\":21}"}],"functions":[{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],"function_call":"auto"}`,
    notes: ['functions', 'function_call'],
  },
  {
    name: 'stream flags as an app sent them',
    body: `{"model":"gpt-4o-mini","stream":false,"messages":[{"role":"user","content":"Hi"}],"stream_options":null,"modalities":["text"],"prediction":{"type":"content","content":"Hello"},"web_search_options":{}}`,
    notes: ['stream', 'stream_options'],
  },
];
