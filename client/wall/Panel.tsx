import type { ReactNode } from 'react';

/**
 * A framed panel with a title; `stale` greys it out when its data can no longer be trusted, and
 * `note` says why beside the title ("数据延迟 2 分钟") so nobody reads old numbers as live.
 */
export function Panel({ title, children, stale = false, note, className = '', name }: { title: string; children: ReactNode; stale?: boolean; note?: string; className?: string; name?: string }) {
  return (
    <section className={`panel ${stale ? 'panel--stale' : ''} ${className}`} data-panel={name}>
      <h2 className="panel__title">
        {title}
        {stale && note ? <span className="panel__note">{note}</span> : null}
      </h2>
      <div className="panel__body">{children}</div>
    </section>
  );
}
