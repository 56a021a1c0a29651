/**
 * The composite action (action.yml): it runs the checker with GitHub annotations, and no input is
 * pasted into a script (a `${{ inputs.x }}` inside `run:` is a script-injection hole on GitHub).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Array<{ run?: string; env?: Record<string, string>; shell?: string }> };
}

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(__dirname, '../../action.yml'), 'utf8')) as Action;

  it('is a composite action whose scripts take inputs only from the environment', () => {
    assert.equal(action.runs.using, 'composite');
    const scripts = action.runs.steps.filter((step) => step.run);
    assert.ok(scripts.length >= 2);
    for (const step of scripts) {
      assert.equal(step.shell, 'bash');
      assert.doesNotMatch(step.run!, /\$\{\{/, `an expression inside run: ${step.run}`);
    }
    const env = Object.values(action.runs.steps.find((step) => step.env)?.env ?? {}).join(' ');
    for (const input of Object.keys(action.inputs)) assert.match(env, new RegExp(`inputs\\.${input}\\b`), `input ${input} reaches the script`);
  });

  it('annotates with --format github and can write SARIF', () => {
    const script = action.runs.steps.map((step) => step.run ?? '').join('\n');
    assert.match(script, /check "\$WT_PATH".*--format github/);
    assert.match(script, /--format sarif > "\$WT_SARIF"/);
  });
});
