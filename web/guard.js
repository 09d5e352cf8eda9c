// The one door through which the browser calls the page script. Every DOM listener, observer,
// timer and promise reaction is registered through these helpers, so a failure inside any of them
// is contained here and reported to the running instance's onError: the host page never sees it
// and the rest of the script keeps running. tests/web/guard.test.mjs checks that no module
// registers a callback any other way.

let report = (error) => console.warn('leadscore:', error);

/** Where contained failures go (the running instance's onError). */
export function reportTo(fn) {
  report = fn;
}

/** `fn` wrapped so that whatever it throws is reported instead of escaping. */
export function guard(fn) {
  return function guarded(...args) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      report(error);
      return undefined;
    }
  };
}

/** addEventListener through the guard; returns the function that removes the listener. */
export function listen(target, type, handler, options) {
  const guarded = guard(handler);
  target.addEventListener(type, guarded, options);
  return () => target.removeEventListener(type, guarded, options);
}

/** setTimeout through the guard; clear the result with clearTimeout. */
export function later(fn, ms) {
  return setTimeout(guard(fn), ms);
}

/** queueMicrotask through the guard. */
export function soon(fn) {
  queueMicrotask(guard(fn));
}

/** An IntersectionObserver or MutationObserver whose callback goes through the guard. */
export function observer(Kind, callback, options) {
  return new Kind(guard(callback), options);
}

/** promise.then through the guard. */
export function settle(promise, onValue, onFailure) {
  promise.then(guard(onValue), guard(onFailure));
}
