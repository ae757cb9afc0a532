/** What the SMS link's page shows: the broadcast with a confirm button, the confirmation, or why there is nothing. */
export type LinkPageState =
  | { kind: 'broadcast'; code: string; title: string; body: string; sender: string; confirmed: boolean }
  | { kind: 'confirmed'; title: string }
  | { kind: 'refused'; reason: string };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page an SMS link opens, with no sign-in and no script (a phone's plainest browser shows it):
 * Chinese first, English beneath; the confirmation is a form posting to the same link.
 */
export function linkPage(state: LinkPageState): string {
  const main =
    state.kind === 'broadcast'
      ? `<h1>${escape(state.title)}</h1><p class="body">${escape(state.body)}</p><p class="from">发送 / from: ${escape(state.sender)}</p>${
          state.confirmed ? '<p class="done">您已确认收到 · Confirmed</p>' : `<form method="post" action="/c/${escape(state.code)}"><button type="submit">确认收到 · Confirm</button></form>`
        }`
      : state.kind === 'confirmed'
        ? `<h1>${escape(state.title)}</h1><p class="done">已确认收到，谢谢 · Confirmed, thank you</p>`
        : `<h1>无法显示 · Not available</h1><p>${escape(state.reason)}</p>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>智慧大脑 · 指令</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0 auto;max-width:32em;padding:1em;background:#020b1a;color:#d6ecff}h1{font-size:1.3em}.body{white-space:pre-wrap}.from{color:#8fb8d8}.done{color:#3ddc84}button{font-size:1.1em;padding:.7em 1.4em;background:#0a2344;color:#d6ecff;border:1px solid #39d5ff}</style>
</head><body><p>智慧大脑 · City Brain</p>${main}</body></html>
`;
}
