import { afterEach, describe, expect, it, vi } from 'vitest';
import { forwardUserActivity } from './start';
import { useStore } from './store';

const initial = useStore.getState();
afterEach(() => useStore.setState(initial, true));

describe('forwardUserActivity: the lab hears what the user does', () => {
  it('passes strokes, tab switches and a pointer hovering over a drawing canvas, nothing else', () => {
    const bridge = { userDrawing: vi.fn(), userComing: vi.fn() };
    const stop = forwardUserActivity(useStore, bridge);
    const s = useStore.getState();
    s.setViewSize(280);
    s.approach();
    expect(bridge.userComing).toHaveBeenCalledTimes(1);
    s.beginStroke({ x: 1, y: 1 });
    s.extendStroke([{ x: 5, y: 5 }]);
    s.endStroke();
    expect(bridge.userDrawing.mock.calls).toEqual([[true], [false]]);
    s.approach(); // within APPROACH_EVERY_MS of the last: not passed on again
    expect(bridge.userComing).toHaveBeenCalledTimes(1);
    s.setSection('train');
    expect(bridge.userComing).toHaveBeenCalledTimes(2);
    stop();
    s.setSection('draw');
    expect(bridge.userComing).toHaveBeenCalledTimes(2);
  });
});
