/** Generates a Go file with many functions and a walkthrough with one anchored step per function. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Workload {
  dir: string;
  codeFile: string;
  walkthroughFile: string;
  code: string;
  steps: number;
  /** 0-based line of each step's anchor. */
  anchorLines: number[];
}

export function generateGo(functions: number): { code: string; anchorLines: number[] } {
  const lines = ['package bench', '', 'import "fmt"', '', 'type Server struct{ stock map[int]int }', ''];
  const anchorLines: number[] = [];
  for (let i = 0; i < functions; i++) {
    lines.push(`// Handle${i} deducts stock for goods ${i}.`);
    lines.push(`func (s *Server) Handle${i}(goods int, num int) error {`);
    anchorLines.push(lines.length);
    lines.push(`\tif s.stock[goods] < num { // check ${i}`);
    lines.push(`\t\treturn fmt.Errorf("goods %d: short by %d (handler ${i})", goods, num-s.stock[goods])`);
    lines.push('\t}');
    lines.push(`\ts.stock[goods] -= num // deduct ${i}`);
    lines.push('\treturn nil');
    lines.push('}');
    lines.push('');
  }
  return { code: lines.join('\n'), anchorLines };
}

export function generateWalkthrough(steps: number, anchorLines: number[], codeRelative: string): string {
  const out = ['title: Bench', 'steps:'];
  for (let i = 0; i < steps; i++) {
    const line = anchorLines[i]! + 1;
    out.push(`  - id: s${i}`);
    out.push(`    title: Handler ${i}`);
    out.push(`    file: ${codeRelative}`);
    out.push(`    lines: ${line}-${line + 3}`);
    out.push(`    anchor: "if s.stock[goods] < num { // check ${i}"`);
    out.push(`    symbol: Server.Handle${i}`);
    out.push(`    points: "Talking point ${i}: check, then deduct."`);
    out.push(`    question: What happens when stock ${i} is short?`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes the workload into `dir` (created) and returns where things are. */
export function writeWorkload(dir: string, steps: number): Workload {
  mkdirSync(path.join(dir, 'code'), { recursive: true });
  const { code, anchorLines } = generateGo(steps);
  const codeFile = path.join(dir, 'code', 'handlers.go');
  const walkthroughFile = path.join(dir, 'bench.walkthrough.yaml');
  writeFileSync(codeFile, code);
  writeFileSync(walkthroughFile, generateWalkthrough(steps, anchorLines, 'code/handlers.go'));
  return { dir, codeFile, walkthroughFile, code, steps, anchorLines };
}
