import '@fontsource/noto-sans-sc/400.css';
import '../shared/base.css';
import '../shared/forms.css';
import './worker.css';
import { createRoot } from 'react-dom/client';
import { WorkerApp } from './WorkerApp.tsx';

createRoot(document.getElementById('root')!).render(<WorkerApp />);
