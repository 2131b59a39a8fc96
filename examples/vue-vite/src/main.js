import { createApp } from 'vue';
import { temoin } from 'temoin/vue';
import App from './App.vue';
import { consentConfig } from './consent.js';

createApp(App).use(temoin, consentConfig).mount('#app');
