import { modelListSchema, startRunResponseSchema, type ModelInfo, type StartRunBody, type StartRunResponse } from '@reprise/contracts';
import { callJson } from './http-json.js';

export class RunnerClient {
  constructor(private readonly baseUrl: string) {}

  async models(): Promise<ModelInfo[]> {
    const res = await callJson({ service: 'runner', url: `${this.baseUrl}/models` }, modelListSchema);
    return res?.models ?? [];
  }

  async startRun(body: StartRunBody): Promise<StartRunResponse> {
    const res = await callJson(
      { service: 'runner', url: `${this.baseUrl}/runs`, method: 'POST', body, fieldPrefix: 'input' },
      startRunResponseSchema,
    );
    if (!res) throw new Error('runner has no /runs route');
    return res;
  }
}
