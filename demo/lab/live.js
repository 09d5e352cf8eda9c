// The visitor's own session, scored for the panel. The page script scores with the site's
// config; the panel replays the same events (instance.events()) into its own engine, so a config
// applied in the editor re-scores the whole session at once, and the curve shows the score
// after every event.
import { scoreCurve } from '../presets.js';

/** instance: the running page script; panel: createPanel(). */
export function createLiveView({ instance, createEngine, panel, siteConfigText }) {
  let configText = siteConfigText;
  let config = JSON.parse(siteConfigText);
  let again = false;
  let loop = null;
  let sentPayload = null;
  let delivery = '';
  let failed = false;  // the notice is shared with the page script's errors: clear only our own

  async function run() {
    try {
      while (again) {
        again = false;
        const engine = await createEngine(configText);
        try {
          const curve = scoreCurve(engine, instance.events());
          const score = engine.score();
          const payload = engine.payload();
          const note = configText === siteConfigText
            ? '' : 'Scored with the config from the editor; the page itself still runs the site\'s config.';
          panel.render({ config, score, curve, payload, sentPayload, delivery, note });
        } finally {
          engine.destroy();
        }
      }
      if (failed) panel.showError('');
      failed = false;
    } catch (error) {
      failed = true;
      panel.showError(`The panel could not score this session: ${error.message}`);
    }
  }

  /** Re-scores the session; calls while one runs fold into one more pass. Resolves when current. */
  function rescore() {
    again = true;
    if (!loop) loop = run().finally(() => { loop = null; });
    return loop;
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
