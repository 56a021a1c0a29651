package initialize

import (
	"fmt"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"

	"mxshop_srvs/order_srv/global"
)

// 生产者组。事务生产者用自己的组和自己的实例名，原因见 InitProducer。
const (
	producerGroup   = "mxshop-order"
	txProducerGroup = "mxshop-order-tx"
)

// InitProducer 在启动时创建两个长期存在的生产者：
// global.Producer 发普通消息和延时消息，global.TxProducer 发"归还库存"的事务消息。
//
// rocketmq-client-go 里，同一进程、同一实例名的生产者和消费者共用一个客户端实例，
// 一个客户端里一个生产者组只能注册一次（第二次 Start 报 "the producer group exist already"），
// 而客户端收到回查请求时只认创建它的那个组，别的组的回查直接丢掉（"producer group is not equal"）。
// 所以事务生产者不能按请求创建，也不能和 Producer 共用实例：它用独立的实例名，得到自己的客户端，
// Broker 对 mxshop-order-tx 的回查才会到达 listener.CheckLocalTransaction。
func InitProducer(listener primitive.TransactionListener) error {
	nameServers := primitive.NewPassthroughResolver(global.ServerConfig.RocketMQ.NameServers)

	p, err := rocketmq.NewProducer(
		producer.WithNsResolver(nameServers),
		producer.WithGroupName(producerGroup),
		producer.WithRetry(2),
	)
	if err != nil {
		return fmt.Errorf("创建 RocketMQ 生产者: %w", err)
	}
	if err := p.Start(); err != nil {
		return fmt.Errorf("启动 RocketMQ 生产者: %w", err)
	}
	global.Producer = p

	tp, err := rocketmq.NewTransactionProducer(
		listener,
		producer.WithNsResolver(nameServers),
		producer.WithGroupName(txProducerGroup),
		producer.WithInstanceName(txProducerGroup),
		// 半消息不重试：每次重试最长 3 秒，重试会让本地事务越过 Broker 6 秒的首次回查；
		// 发送失败时 CreateOrder 直接失败，什么都还没做
		producer.WithRetry(0),
	)
	if err != nil {
		return fmt.Errorf("创建事务生产者: %w", err)
	}
	if err := tp.Start(); err != nil {
		return fmt.Errorf("启动事务生产者: %w", err)
	}
	global.TxProducer = tp
	return nil
}
