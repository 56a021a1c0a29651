/** Declarations found in a code file by a language's grammar. */
import type { LineSpan } from '../types';
import type { CodeFacts } from './facts';

export type SymbolKind = 'function' | 'method' | 'type' | 'var' | 'const';

export interface SymbolDecl {
  /** The name steps use: `Func`, `Type.Method`, `Type`, `Var`, `Const`. */
  name: string;
  kind: SymbolKind;
  /** The declaration's lines, 0-based inclusive (doc comments excluded). */
  span: LineSpan;
}

/** The result of parsing one file: its declarations and whether the grammar saw syntax errors. */
export interface FileSymbols {
  symbols: SymbolDecl[];
  hasErrors: boolean;
  /** 0-based lines of the first few syntax errors, for diagnostics and tests. */
  errorLines: number[];
  /** Comments and strings, calls, constructions and typed names (see facts.ts); absent when not computed. */
  facts?: CodeFacts;
}
