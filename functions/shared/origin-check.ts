// The value CloudFront sends to the API is loaded once per container by the composition root
// (Config.secrets.originVerify, ORIGIN_VERIFY_SECRET_ARN on AWS), which this import runs on Lambda
// before the HTTP wrapper can check a request.
import './dependencies';
