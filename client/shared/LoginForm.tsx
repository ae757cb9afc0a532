import { type FormEvent, useState } from 'react';
import { t } from './i18n.ts';

/** Username and password; the demo account is suggested, the server decides. */
export function LoginForm({ demoUser, error, onLogin }: { demoUser: string; error: string | null; onLogin: (username: string, password: string) => void }) {
  const [username, setUsername] = useState(demoUser);
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onLogin(username, password);
  };
  return (
    <form className="login-form" onSubmit={submit} data-testid="login-form">
      <h1>{t('loginTitle')}</h1>
      <label>
        {t('username')}
        <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
      </label>
      <button type="submit">{t('login')}</button>
      {error && <p className="path-error">{t('loginFailed')}（{error}）</p>}
      <p className="login-form__hint">
        {t('demoAccount')}: {demoUser} / {demoUser}-demo
      </p>
    </form>
  );
}
