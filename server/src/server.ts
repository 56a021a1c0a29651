// Placeholder: wired in the language server issue.
export {};
