// Keeps the sliding session cookie alive while the person is actually using the console; an idle tab lets it
// expire (the server also ends idle circuits). The interval comes from Sotp:Security:IdleTimeoutMinutes.
(() => {
    const script = document.currentScript;
    const intervalMs = Number(script?.dataset.keepaliveSeconds ?? 600) * 1000;
    let last = Date.now();
    const touch = () => {
        const now = Date.now();
        if (now - last < intervalMs) {
            return;
        }
        last = now;
        fetch("account/keepalive", { credentials: "same-origin", cache: "no-store" }).catch(() => { });
    };
    for (const type of ["keydown", "pointerdown", "wheel"]) {
        document.addEventListener(type, touch, { passive: true, capture: true });
    }
})();
