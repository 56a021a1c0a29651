package initialize

import (
	"fmt"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"

	"mxshop_srvs/order_srv/global"
)

// InitProducer 创建发送普通消息和延时消息的生产者。
// 事务消息的生产者在 CreateOrder 里按请求创建，见 handler/order.go。
func InitProducer() error {
	p, err := rocketmq.NewProducer(
		producer.WithNsResolver(primitive.NewPassthroughResolver(global.ServerConfig.RocketMQ.NameServers)),
		producer.WithGroupName("mxshop-order"),
		producer.WithRetry(2),
	)
	if err != nil {
		return fmt.Errorf("创建 RocketMQ 生产者: %w", err)
	}
	if err := p.Start(); err != nil {
		return fmt.Errorf("启动 RocketMQ 生产者: %w", err)
	}
	global.Producer = p
	return nil
}
