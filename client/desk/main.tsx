import '@fontsource/noto-sans-sc/400.css';
import '../shared/base.css';
import '../shared/forms.css';
import './desk.css';
import { createRoot } from 'react-dom/client';
import { DeskApp } from './DeskApp.tsx';

createRoot(document.getElementById('root')!).render(<DeskApp />);
