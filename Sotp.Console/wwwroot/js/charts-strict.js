// SOTP's charts carry data, never JavaScript functions: their options are JSON. Vizor.ECharts evaluates them
// with eval() (to allow functions); these two replacements parse them instead, so the console's
// Content-Security-Policy can forbid eval altogether.
(() => {
    const vizor = window.vizorECharts;
    if (!vizor) {
        return;
    }

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
})();
