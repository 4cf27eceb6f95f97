// What jsdom lacks and the components use. Imported first by each component test, before the components.
import { TextDecoder, TextEncoder } from 'node:util';

// react-router encodes URLs with TextEncoder, which Node has but jsdom's window does not.
globalThis.TextEncoder ??= TextEncoder as typeof globalThis.TextEncoder;
globalThis.TextDecoder ??= TextDecoder as typeof globalThis.TextDecoder;

// jsdom lays nothing out: a Range has no client rects, and CodeMirror asks for them each time it
// draws the cursor and the selection. Empty rects are what a browser gives for what is not shown.
const noRects = () => Object.assign([] as DOMRect[], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getClientRects ??= noRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();
