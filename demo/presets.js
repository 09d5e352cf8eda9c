// The simulator's visitor journeys (presets.json) turned into real events. Shared by the page and
// by the end-to-end test, so both replay exactly the same events.

// A fixed start keeps exported journeys identical from run to run; scores depend only on the
// time between events and `now`, never on the calendar date.
export const JOURNEY_START = Date.UTC(2026, 10, 2, 9, 0, 0);

/** The preset's events with absolute times: each `t` in presets.json is ms after the journey starts. */
export function journeyEvents(preset, start) {
  return preset.events.map((event) => ({ ...event, t: start + event.t }));
}

/**
 * Replays events into an engine and reads the score after each one: the points of a score curve.
 * `engine` comes from createEngine(); the caller owns and destroys it.
 */
export function scoreCurve(engine, events) {
  return events.map((event) => {
    engine.track(event);
    return { event, score: engine.score() };
  });
}
