import '@fontsource/noto-sans-sc/400.css';
import '../shared/base.css';
import '../shared/forms.css';
import './worker.css';
import { createRoot } from 'react-dom/client';
import { WorkerApp } from './WorkerApp.tsx';
import { loadCityServices } from '../shared/cityServices.ts';
import { flushAndCount } from './fieldClient.ts';
import { registerServiceWorker } from './serviceWorkerClient.ts';

// Installed as an app: opens with no signal; Background Sync sends the outbox when signal returns.
registerServiceWorker(flushAndCount);
// The city's own department and category names label the page: fetched first (a few ms; at most 3 s).
void loadCityServices().then(() => createRoot(document.getElementById('root')!).render(<WorkerApp />));
