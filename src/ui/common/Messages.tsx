/** Alerts (errors the user must see, role="alert") and quieter notices, both dismissible. */
import { useStore } from '../store';
import { Icon } from './Icon';

export function Alerts() {
  const alerts = useStore((s) => s.alerts);
  const dismiss = useStore((s) => s.dismissAlert);
  if (alerts.length === 0) return null;
  return (
    <div className="messages">
      {alerts.map((a) => (
        <div key={a.id} className="message message--error" role="alert" data-code={a.code} data-file={a.file}>
          <Icon name="alert" />
          <div className="message-body">
            <strong>{a.title}</strong>
            <span>{a.message}</span>
            {a.detail && <span className="message-detail">{a.detail}</span>}
          </div>
          <button type="button" className="icon-button" onClick={() => dismiss(a.id)} aria-label={`Dismiss: ${a.title}`}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}

export function Notices() {
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="messages" role="status">
      {notices.map((n) => (
        <div key={n.id} className={`message message--${n.tone}`} data-testid="notice">
          <Icon name="info" />
          <div className="message-body">
            <span>{n.text}</span>
          </div>
          <button type="button" className="icon-button" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
