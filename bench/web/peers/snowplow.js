// Snowplow as a site would run it for lead scoring's inputs: page view, activity (page pings),
// link (element) clicks and form tracking, sent to the bench's stub collector. It scores nothing.
import { enableActivityTracking, newTracker, trackPageView } from '@snowplow/browser-tracker';
import { enableFormTracking, FormTrackingPlugin } from '@snowplow/browser-plugin-form-tracking';
import { enableLinkClickTracking, LinkClickTrackingPlugin } from '@snowplow/browser-plugin-link-click-tracking';

newTracker('sp', `${location.origin}/collect/snowplow`, {
  appId: 'bench',
  eventMethod: 'post',
  plugins: [FormTrackingPlugin(), LinkClickTrackingPlugin()],
});
enableActivityTracking({ minimumVisitLength: 5, heartbeatDelay: 5 });
trackPageView();
enableFormTracking();
enableLinkClickTracking();
window.peerReadyAt = performance.now();
