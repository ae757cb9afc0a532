import type { ReactNode } from 'react';

/** A framed panel with a title; `stale` greys it out when its data can no longer be trusted. */
export function Panel({ title, children, stale = false, className = '' }: { title: string; children: ReactNode; stale?: boolean; className?: string }) {
  return (
    <section className={`panel ${stale ? 'panel--stale' : ''} ${className}`}>
      <h2 className="panel__title">{title}</h2>
      <div className="panel__body">{children}</div>
    </section>
  );
}
