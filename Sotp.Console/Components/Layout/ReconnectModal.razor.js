// Shows the reconnect dialog while Blazor re-establishes the circuit (events from blazor.web.js).
const modal = document.getElementById("components-reconnect-modal");
modal.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

function onStateChanged(event) {
    switch (event.detail.state) {
        case "show": modal.showModal(); break;
        case "hide": modal.close(); break;
        case "failed": document.addEventListener("visibilitychange", retryWhenVisible); break;
        case "rejected": location.reload(); break; // the server forgot this circuit: start afresh
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        if (await Blazor.reconnect()) {
            return;
        }
        // Reached the server, but the circuit is gone: resume from persisted state or reload.
        if (await Blazor.resumeCircuit()) {
            modal.close();
        } else {
            location.reload();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) {
            location.reload();
        }
    } catch {
        modal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
