// Apache ECharts (through Vizor.ECharts) is loaded only when a page first draws a chart, so the pages without
// charts, the dashboard among them, do not wait for a megabyte of script: sotpCharts.ensure(url) adds the bundle
// once and resolves when it is ready.
//
// SOTP's charts carry data, never JavaScript functions: their options are JSON. Vizor.ECharts evaluates them
// with eval() (to allow functions); the two replacements below parse them instead, so the console's
// Content-Security-Policy can forbid eval altogether.
(() => {
    let loading = null;

    const strict = () => {
        const vizor = window.vizorECharts;
        vizor.initChart = async (id, theme, initOptions, chartOptions, mapOptions, fetchOptions) => {
            const chart = echarts.init(document.getElementById(id), theme, JSON.parse(initOptions));
            const onResize = () => chart.resize();
            window.addEventListener("resize", onResize);
            chart.__resizeHandler = onResize;
            vizor.charts.set(id, chart);
            if (chartOptions === null) {
                return;
            }

            await vizor.fetchExternalData(chart, fetchOptions);
            await vizor.registerMaps(chart, mapOptions);
            chart.setOption(JSON.parse(chartOptions));
        };

        vizor.updateChart = async (id, chartOptions, mapOptions, fetchOptions) => {
            const chart = vizor.charts.get(id);
            if (!chart) {
                console.error("SOTP: no chart " + id + " to update");
                return;
            }

            await vizor.fetchExternalData(chart, fetchOptions);
            await vizor.registerMaps(chart, mapOptions);
            chart.setOption(JSON.parse(chartOptions));
        };
    };

    window.sotpCharts = {
        ensure: url => loading ??= new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = url;
            script.onload = () => {
                strict();
                resolve();
            };
            script.onerror = () => {
                loading = null;
                reject(new Error("The chart library could not be loaded."));
            };
            document.head.appendChild(script);
        }),
    };
})();
