/**
 * An event as a producer hands it to the EventPublisher: EventBridge fills in id, time,
 * account and region. Build these with the builders next to each schema, which validate the
 * detail, so that nothing leaves a producer that its consumers would refuse.
 */
export interface OutgoingEvent<DetailType extends string = string, Detail extends object = object> {
  source: string;
  detailType: DetailType;
  detail: Detail;
}
