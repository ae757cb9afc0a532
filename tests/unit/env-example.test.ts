import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, variableDefault } from '../../server/config.ts';

/** `#NAME=value` lines of .env.example: the variables it documents, with the default it states. */
const documented = new Map([...readFileSync('.env.example', 'utf8').matchAll(/^#([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const));

describe('.env.example', () => {
  it('documents every variable the server reads, and only those', () => {
    expect([...documented.keys()].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('states each default as the server applies it', () => {
    for (const name of CONFIG_VARIABLES) expect({ name, value: documented.get(name) }).toEqual({ name, value: variableDefault(name) ?? '' });
  });
});
