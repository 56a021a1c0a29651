// Placeholder: the CLI lands with the engine.
export {};
