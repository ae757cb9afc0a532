import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '../shared/base.css';
import '../shared/forms.css';
import './console.css';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './ConsoleApp.tsx';

createRoot(document.getElementById('root')!).render(<ConsoleApp />);
