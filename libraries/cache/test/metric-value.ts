export { metricValue } from '@omotenashi/metrics';
