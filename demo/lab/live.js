// The visitor's own session, scored for the panel. The page script scores with the site's
// config; the panel replays the same events (instance.events()) into its own engine, so a config
// applied in the editor re-scores the whole session at once, and the curve shows the score
// after every event.
import { scoreCurve } from '../presets.js';

/** instance: the running page script; panel: createPanel(). */
export function createLiveView({ instance, createEngine, panel, siteConfigText }) {
  let configText = siteConfigText;
  let config = JSON.parse(siteConfigText);
  let running = false;
  let again = false;
  let sentPayload = null;
  let delivery = '';

  async function rescore() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const engine = await createEngine(configText);
        try {
          const curve = scoreCurve(engine, instance.events());
          const score = engine.score();
          const payload = engine.payload();
          panel.render({ config, score, curve, payload, sentPayload, delivery });
        } finally {
          engine.destroy();
        }
      } while (again);
      panel.showError('');
    } catch (error) {
      panel.showError(`The panel could not score this session: ${error.message}`);
    } finally {
      running = false;
    }
  }

  return {
    rescore,
    /** A config from the editor (already validated); resolves once the session is re-scored. */
    async applyConfig(text) {
      configText = text;
      config = JSON.parse(text);
      await rescore();
    },
    /** The page script offered this payload to the collector. */
    markSent(payload) {
      sentPayload = payload;
      delivery = 'lead sent to the collector';
      rescore();
    },
    markDelivered() {
      delivery = 'lead stored by the collector';
      rescore();
    },
  };
}
