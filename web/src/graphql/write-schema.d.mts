// Types of write-schema.mjs, for the unit test that checks its output is up to date.
export function readSdl(dir?: string): string;
export function minifiedIntrospection(sdl: string): { __schema: { queryType: { name: string }; types: { kind: string; name: string }[] } };
export function schemaJson(): string;
