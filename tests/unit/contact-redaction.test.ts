import { describe, expect, it } from 'vitest';
import { REDACTED, redactContacts } from '../../common/domain/contactRedaction.ts';

/** What public Open311 readers see of a description: phone numbers in every usual shape gone, nothing else. */
const R = REDACTED;

describe('contact details redacted for public readers', () => {
  it.each([
    // Mobiles: plain, grouped by spaces, dashes, dots, full-width digits, spaces and dashes.
    ['联系电话13812345678', `联系电话${R}`],
    ['电话 138-1234-5678 或 +86 139 1234 5678', `电话 ${R} 或 ${R}`],
    ['手机 138 1234 5678。', `手机 ${R}。`],
    ['手机138.1234.5678', `手机${R}`],
    ['找王师傅 １３９１２３４５６７８ 即可', `找王师傅 ${R} 即可`],
    ['电话：１３９－１２３４－５６７８', `电话：${R}`],
    ['电话　139　1234　5678（白天）', `电话　${R}（白天）`],
    ['tel 1 3 9 1 2 3 4 5 6 7 8', `tel ${R}`],
    ['139–1234–5678 / 139·1234·5678', `${R} / ${R}`],
    // Mobiles with the country code.
    ['+86-139-1234-5678', R],
    ['(+86)13912345678', R],
    ['（＋８６）１３９ １２３４ ５６７８', R],
    ['008613912345678', R],
    ['8613912345678', R],
    // Landlines with the area code: dashed, spaced, bracketed, full-width, after +86.
    ['座机0371-65551234', `座机${R}`],
    ['座机 0371 6123 4567 转 8', `座机 ${R} 转 8`],
    ['(0371)65551234', R],
    ['（0371）6555-1234', R],
    ['０３７１－６５５５１２３４', R],
    ['北京 010-12345678，上海 021 6123 4567', `北京 ${R}，上海 ${R}`],
    ['+86 371 6555 1234', R],
    ['+86-371-65551234', R],
    ['+86 (0)371 6555 1234', R],
    // A local number where the text says it is a phone number.
    ['电话 6555 1234', `电话 ${R}`],
    ['座机：6555-1234', `座机：${R}`],
    // ID numbers and e-mail addresses.
    ['身份证41010319800101123X', `身份证${R}`],
    ['身份证４１０１０３１９８００１０１１２３Ｘ', `身份证${R}`],
    ['邮箱 zhang.san@example.com', `邮箱 ${R}`],
    ['13812345678@qq.com', R],
  ])('redacts %s', (text, redacted) => expect(redactContacts(text)).toBe(redacted));

  it.each([
    '2026-12-06',
    '2026-12-06 13:45:00 发现',
    '2026年12月6日 13:45 至 2026-12-07',
    '积水 3.5 米，0.5 米深',
    '井盖缺失 3 处，编号 12345',
    '事件 EV000000042 已合并到 EV000000041',
    '拨打 110 或 12345 热线',
    '坐标 113.66, 34.75 附近',
    '坐标 113.6612345, 34.7512345',
    '金额 13,800.50 元',
    '工单 2026120600001',
    '订单号 1234567890',
    '时间 08:30-12:00，共 12 处',
    '电话打过两次，2026-12-06 无人接听',
    '附近 3 栋 2 单元 1301 室',
  ])('leaves %s as it is', (text) => expect(redactContacts(text)).toBe(text));
});
