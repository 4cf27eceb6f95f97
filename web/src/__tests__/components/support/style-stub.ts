// What a component's `import './x.css'` resolves to in Jest (web/jest.config.js): styles do not matter to jsdom.
export {};
