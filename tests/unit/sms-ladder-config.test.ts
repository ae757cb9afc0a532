import { describe, expect, it } from 'vitest';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import { DEFAULT_LADDER_WAITS, readLadderWaits } from '../../server/sms/ladderWaits.ts';
import { linkCode, smsText } from '../../server/sms/smsLadder.ts';

describe('BROADCAST_LADDER_MS', () => {
  it('takes any subset; the rest keep their defaults', () => {
    expect(readLadderWaits(undefined)).toEqual({ flash: 20_000, urgent: 60_000, normal: 600_000 });
    expect(readLadderWaits('flash:5000')).toEqual({ ...DEFAULT_LADDER_WAITS, flash: 5000 });
    expect(readLadderWaits(' urgent:30000 , normal:0 ')).toEqual({ flash: 20_000, urgent: 30_000, normal: 0 });
  });

  it('refuses a malformed entry, naming the variable and the entry', () => {
    expect(() => readLadderWaits('flash=20000')).toThrow(/BROADCAST_LADDER_MS: "flash=20000"/);
    expect(() => readLadderWaits('storm:20000')).toThrow(/flash, urgent, normal/);
    expect(() => readLadderWaits('normal:99999999')).toThrow(/at most 86400000 ms/);
  });
});

describe('the SMS', () => {
  it('carries the title, the body cut at 60 characters and the link; an exercise says so', () => {
    const broadcast = { content: { title: '暴雨预警', body: '雨'.repeat(80), priority: 'flash', requiresConfirmation: true, exercise: false } } as Broadcast;
    expect(smsText(broadcast, 'https://c.example/c/abc')).toBe(`【智慧大脑】暴雨预警：${'雨'.repeat(60)}… 查看并确认：https://c.example/c/abc`);
    expect(smsText({ content: { ...broadcast.content, body: '演练', exercise: true } } as Broadcast, '/c/x')).toBe('【智慧大脑·演练】暴雨预警：演练 查看并确认：/c/x');
  });

  it('links with a one-time code of letters, digits, - and _ (96 bits)', () => {
    const codes = new Set(Array.from({ length: 1000 }, linkCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
