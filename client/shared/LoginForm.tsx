import { type FormEvent, useEffect, useState } from 'react';
import { authOptions } from './session.ts';
import { t } from './i18n.ts';

/**
 * Username and password. In demo mode the page's demo account is named below the form (never
 * filled in: the answer arrives while the person may already be typing). A phone (`onEnrol`) may
 * instead be activated with the one-time code of its enrolment sheet.
 */
export function LoginForm({
  demoUser,
  error,
  onLogin,
  onEnrol,
}: {
  demoUser: string;
  error: string | null;
  onLogin: (username: string, password: string) => void;
  onEnrol?: (username: string, code: string) => void;
}) {
  const [demo, setDemo] = useState(false);
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [enrolling, setEnrolling] = useState(false);
  useEffect(() => {
    void authOptions().then((options) => setDemo(options.demo));
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (enrolling) onEnrol?.(username, secret);
    else onLogin(username, secret);
  };
  return (
    <form className="login-form" onSubmit={submit} data-testid="login-form">
      <h1>{enrolling ? t('enrolTitle') : t('loginTitle')}</h1>
      {enrolling && <p className="login-form__hint">{t('enrolHint')}</p>}
      <label>
        {t('username')}
        <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required maxLength={64} />
      </label>
      <label>
        {enrolling ? t('enrolCode') : t('password')}
        <input
          name={enrolling ? 'code' : 'password'}
          type={enrolling ? 'text' : 'password'}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoComplete={enrolling ? 'one-time-code' : 'current-password'}
          required
          maxLength={200}
        />
      </label>
      <button type="submit">{enrolling ? t('enrol') : t('login')}</button>
      {error && (
        <p className="path-error">
          {enrolling ? t('enrolFailed') : t('loginFailed')}（{error}）
        </p>
      )}
      {onEnrol && (
        <button
          type="button"
          className="login-form__switch"
          onClick={() => {
            setEnrolling(!enrolling);
            setSecret('');
          }}
        >
          {enrolling ? t('orPassword') : t('orEnrol')}
        </button>
      )}
      {demo && !enrolling && (
        <p className="login-form__hint" data-testid="demo-hint">
          {t('demoAccount')}: {demoUser} / {demoUser === 'W000001' ? 'worker' : demoUser}-demo
        </p>
      )}
    </form>
  );
}
